import { __lc as _lc$4gev } from "logcrest";
var _lcS$4gev = _lcS$4gev || _lcT$4gev();
function _lcT$4gev() { return _lcS$4gev = _lc$4gev.sites("fixtures/async-return-in-try/input.ts", [["guarded", 17, 20, 10]]); }
// A returned promise inside the user's own try: their catch must NOT catch its later
// rejection (it did not before instrumentation), and their finally runs before it settles.
// The record still waits for the promise and sees the rejection.
const events = [];
function later(fail) {
    return new Promise((resolve, reject) => setTimeout(() => {
        events.push(`settled:${fail ? "reject" : "resolve"}`);
        if (fail)
            reject(new Error("late failure"));
        else
            resolve("late value");
    }, 10));
}
/** @logcrest logResult */
export async function guarded(fail) {
    const _lcF$4gev = 20 < _lc$4gev.state.minLevel ? null : _lc$4gev.enter((_lcS$4gev || _lcT$4gev())[0]);
    const _lcB$4gev = { "guarded": async () => { try {
            return _lc$4gev.ret(_lcF$4gev, await { "guarded": async () => { try {
                    return later(fail);
                }
                catch {
                    events.push("user catch");
                    return "caught by user";
                }
                finally {
                    events.push("user finally");
                } } }["guarded"].call(this));
        }
        catch (_lcE$4gev) {
            if (_lcF$4gev !== null)
                _lc$4gev.fail(_lcF$4gev, _lcE$4gev);
            throw _lcE$4gev;
        }
        finally {
            if (_lcF$4gev !== null)
                _lc$4gev.exit(_lcF$4gev);
        } } }["guarded"];
    return await (_lcF$4gev === null ? _lcB$4gev.call(this) : _lc$4gev.run(_lcF$4gev, _lcB$4gev, this));
}
export async function check() {
    const ok = await guarded(false);
    let failed;
    try {
        await guarded(true);
    }
    catch (e) {
        failed = e.message;
    }
    return { ok, failed, events };
}
