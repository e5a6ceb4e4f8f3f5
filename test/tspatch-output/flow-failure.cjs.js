"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.boom = void 0;
exports.pay = pay;
exports.check = check;
var _lc$gkvn = require("logcrest").__lc;
var _lcS$gkvn = _lcS$gkvn || _lcT$gkvn();
function _lcT$gkvn() { return _lcS$gkvn = _lc$gkvn.sites("fixtures/flow-failure/input.ts", [["pay", 5, 20, 5, "payment"], ["validate", 11, 20, 0], ["charge", 16, 20, 0]]); }
// A failing step: flow_end at ERROR with failed_at, step N/M, flow_error; the error propagates unchanged.
exports.boom = new Error("card declined");
/** @flow payment logArgs */
function pay(amount) {
    const _lcF$gkvn = 20 < _lc$gkvn.state.minLevel ? null : _lc$gkvn.enter((_lcS$gkvn || _lcT$gkvn())[0], arguments);
    try {
        validate(amount);
        return charge(amount);
    }
    catch (_lcE$gkvn) {
        if (_lcF$gkvn !== null)
            _lc$gkvn.fail(_lcF$gkvn, _lcE$gkvn);
        throw _lcE$gkvn;
    }
    finally {
        if (_lcF$gkvn !== null)
            _lc$gkvn.exit(_lcF$gkvn);
    }
}
/** @logcrest */
function validate(amount) {
    const _lcF$gkvn = 20 < _lc$gkvn.state.minLevel ? null : _lc$gkvn.enter((_lcS$gkvn || _lcT$gkvn())[1]);
    try {
        return amount > 0;
    }
    catch (_lcE$gkvn) {
        if (_lcF$gkvn !== null)
            _lc$gkvn.fail(_lcF$gkvn, _lcE$gkvn);
        throw _lcE$gkvn;
    }
    finally {
        if (_lcF$gkvn !== null)
            _lc$gkvn.exit(_lcF$gkvn);
    }
}
/** @logcrest */
function charge(_amount) {
    const _lcF$gkvn = 20 < _lc$gkvn.state.minLevel ? null : _lc$gkvn.enter((_lcS$gkvn || _lcT$gkvn())[2]);
    try {
        throw exports.boom;
    }
    catch (_lcE$gkvn) {
        if (_lcF$gkvn !== null)
            _lc$gkvn.fail(_lcF$gkvn, _lcE$gkvn);
        throw _lcE$gkvn;
    }
    finally {
        if (_lcF$gkvn !== null)
            _lc$gkvn.exit(_lcF$gkvn);
    }
}
function check() {
    try {
        pay(5);
        return { threw: false };
    }
    catch (e) {
        return { threw: true, same: e === exports.boom };
    }
}
