"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.login = login;
exports.check = check;
var _lc$14gp = require("logcrest").__lc;
var _lcS$14gp = _lcS$14gp || _lcT$14gp();
function _lcT$14gp() { return _lcS$14gp = _lc$14gp.sites("fixtures/secure-by-default/input.ts", [["login", 3, 20, 0], ["audited", 8, 20, 3]]); }
// Without logArgs/logResult no argument or result reaches a record; with them, they do.
/** @logcrest */
function login(user, password) {
    const _lcF$14gp = 20 < _lc$14gp.state.minLevel ? null : _lc$14gp.enter((_lcS$14gp || _lcT$14gp())[0]);
    try {
        return `token-for-${user}-${password.length}`;
    }
    catch (_lcE$14gp) {
        if (_lcF$14gp !== null)
            _lc$14gp.fail(_lcF$14gp, _lcE$14gp);
        throw _lcE$14gp;
    }
    finally {
        if (_lcF$14gp !== null)
            _lc$14gp.exit(_lcF$14gp);
    }
}
/** @logcrest logArgs logResult */
function audited(action) {
    const _lcF$14gp = 20 < _lc$14gp.state.minLevel ? null : _lc$14gp.enter((_lcS$14gp || _lcT$14gp())[1], arguments);
    try {
        return _lc$14gp.ret(_lcF$14gp, { action, ok: true });
    }
    catch (_lcE$14gp) {
        if (_lcF$14gp !== null)
            _lc$14gp.fail(_lcF$14gp, _lcE$14gp);
        throw _lcE$14gp;
    }
    finally {
        if (_lcF$14gp !== null)
            _lc$14gp.exit(_lcF$14gp);
    }
}
function check() {
    return { token: login("ann", "s3cr3t-pa55"), audited: audited("export") };
}
