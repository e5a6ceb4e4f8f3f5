import { __lc as _lc$86s4 } from "logcrest";
var _lcS$86s4 = _lcS$86s4 || _lcT$86s4();
function _lcT$86s4(
/** @logcrest */
) { return _lcS$86s4 = _lc$86s4.sites("fixtures/object-literal-methods/input.ts", [["withdraw", 5, 20, 0], ["deposit", 10, 20, 8], ["doubled", 16, 20, 0]]); }
// Object-literal methods, async ones and getters: `this` is the object.
const account = {
    balance: 100,
    /** @logcrest */
    withdraw(amount) {
        const _lcF$86s4 = 20 < _lc$86s4.state.minLevel ? null : _lc$86s4.enter((_lcS$86s4 || _lcT$86s4())[0]);
        try {
            this.balance -= amount;
            return this.balance;
        }
        catch (_lcE$86s4) {
            if (_lcF$86s4 !== null)
                _lc$86s4.fail(_lcF$86s4, _lcE$86s4);
            throw _lcE$86s4;
        }
        finally {
            if (_lcF$86s4 !== null)
                _lc$86s4.exit(_lcF$86s4);
        }
    },
    /** @logcrest */
    async deposit(amount) {
        const _lcF$86s4 = 20 < _lc$86s4.state.minLevel ? null : _lc$86s4.enter((_lcS$86s4 || _lcT$86s4())[1]);
        const _lcB$86s4 = { "deposit": async () => { try {
                await Promise.resolve();
                this.balance += amount;
                return await this.balance;
            }
            catch (_lcE$86s4) {
                if (_lcF$86s4 !== null)
                    _lc$86s4.fail(_lcF$86s4, _lcE$86s4);
                throw _lcE$86s4;
            }
            finally {
                if (_lcF$86s4 !== null)
                    _lc$86s4.exit(_lcF$86s4);
            } } }["deposit"];
        return await (_lcF$86s4 === null ? _lcB$86s4.call(this) : _lc$86s4.run(_lcF$86s4, _lcB$86s4, this));
    },
    /** @logcrest */
    get doubled() {
        const _lcF$86s4 = 20 < _lc$86s4.state.minLevel ? null : _lc$86s4.enter((_lcS$86s4 || _lcT$86s4())[2]);
        try {
            return this.balance * 2;
        }
        catch (_lcE$86s4) {
            if (_lcF$86s4 !== null)
                _lc$86s4.fail(_lcF$86s4, _lcE$86s4);
            throw _lcE$86s4;
        }
        finally {
            if (_lcF$86s4 !== null)
                _lc$86s4.exit(_lcF$86s4);
        }
    },
};
export async function check() {
    const afterWithdraw = account.withdraw(30);
    const afterDeposit = await account.deposit(5);
    return { afterWithdraw, afterDeposit, doubled: account.doubled };
}
