"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pay = void 0;
exports.signUp = signUp;
exports.checkout = checkout;
exports.batch = batch;
exports.check = check;
var _lc$171e = require("logcrest").__lc;
var _lcS$171e = _lcS$171e || _lcT$171e();
function _lcT$171e() { return _lcS$171e = _lc$171e.sites("fixtures/redact-tag/input.ts", [["signUp", 5, 20, 1, "", [[1], [2, "number"]]], ["pay", 10, 20, 1, "", [[0, "card", "number"]]], ["checkout", 13, 20, 13, "checkout", [[0, "token"], ["*", "secret"]]], ["batch", 19, 20, 1, "", [[2, "pin"]]]]); }
// `redact=` (SEMANTICS.md rule 16): the named parts of the arguments are written as the
// censor, their siblings as they are, and the caller's objects keep their values. Each path
// starts at a parameter, a destructured property, an argument index, `*` or a rest element.
/** @logcrest logArgs redact=password,card.number */
function signUp(email, password, card) {
    const _lcF$171e = 20 < _lc$171e.state.minLevel ? null : _lc$171e.enter((_lcS$171e || _lcT$171e())[0], arguments);
    try {
        return `${email}:${password.length}:${card.number.slice(-4)}`;
    }
    catch (_lcE$171e) {
        if (_lcF$171e !== null)
            _lc$171e.fail(_lcF$171e, _lcE$171e);
        throw _lcE$171e;
    }
    finally {
        if (_lcF$171e !== null)
            _lc$171e.exit(_lcF$171e);
    }
}
/** @logcrest logArgs redact=card.number */
const pay = ({ card, amount }) => {
    const _lcF$171e = 20 < _lc$171e.state.minLevel ? null : _lc$171e.enter((_lcS$171e || _lcT$171e())[1], [{ card, amount }]);
    try {
        return amount * 2;
    }
    catch (_lcE$171e) {
        if (_lcF$171e !== null)
            _lc$171e.fail(_lcF$171e, _lcE$171e);
        throw _lcE$171e;
    }
    finally {
        if (_lcF$171e !== null)
            _lc$171e.exit(_lcF$171e);
    }
};
exports.pay = pay;
/** @flow checkout logArgs redact=0.token,*.secret */
async function checkout(session, extra) {
    const _lcF$171e = 20 < _lc$171e.state.minLevel ? null : _lc$171e.enter((_lcS$171e || _lcT$171e())[2], arguments);
    const _lcB$171e = { "checkout": async () => { try {
            await null;
            return await (0, exports.pay)({ card: { number: "5500000000000004", exp: "01/29" }, amount: extra.note.length });
        }
        catch (_lcE$171e) {
            if (_lcF$171e !== null)
                _lc$171e.fail(_lcF$171e, _lcE$171e);
            throw _lcE$171e;
        }
        finally {
            if (_lcF$171e !== null)
                _lc$171e.exit(_lcF$171e);
        } } }["checkout"];
    return await (_lcF$171e === null ? _lcB$171e.call(this) : _lc$171e.run(_lcF$171e, _lcB$171e, this));
}
/** @logcrest logArgs redact=items[1].pin */
function batch(label, ...items) {
    const _lcF$171e = 20 < _lc$171e.state.minLevel ? null : _lc$171e.enter((_lcS$171e || _lcT$171e())[3], arguments);
    try {
        return `${label}:${items.length}`;
    }
    catch (_lcE$171e) {
        if (_lcF$171e !== null)
            _lc$171e.fail(_lcF$171e, _lcE$171e);
        throw _lcE$171e;
    }
    finally {
        if (_lcF$171e !== null)
            _lc$171e.exit(_lcF$171e);
    }
}
async function check() {
    const card = { number: "4111111111111111", exp: "12/30" };
    const session = { token: "tok-1", user: "ann" };
    const a = signUp("ann@example.com", "hunter2", card);
    const b = await checkout(session, { secret: "s3", note: "kept" });
    const c = batch("nightly", { id: 1, pin: "1111" }, { id: 2, pin: "2222" });
    return { a, b, c, untouched: card.number === "4111111111111111" && session.token === "tok-1" };
}
