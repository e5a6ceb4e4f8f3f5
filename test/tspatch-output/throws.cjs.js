"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.thrown = void 0;
exports.explode = explode;
exports.check = check;
var _lc$f0o1 = require("logcrest").__lc;
var _lcS$f0o1 = _lcS$f0o1 || _lcT$f0o1();
function _lcT$f0o1() { return _lcS$f0o1 = _lc$f0o1.sites("fixtures/throws/input.ts", [["explode", 6, 20, 0], ["throwObject", 11, 20, 0], ["throwString", 16, 20, 0], ["recover", 21, 20, 0]]); }
// The same value is re-thrown: Error identity, non-Error values, and a caught inner failure.
const sentinel = { code: 42 };
exports.thrown = new TypeError("bad input");
/** @logcrest */
function explode() {
    const _lcF$f0o1 = 20 < _lc$f0o1.state.minLevel ? null : _lc$f0o1.enter((_lcS$f0o1 || _lcT$f0o1())[0]);
    try {
        throw exports.thrown;
    }
    catch (_lcE$f0o1) {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.fail(_lcF$f0o1, _lcE$f0o1);
        throw _lcE$f0o1;
    }
    finally {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.exit(_lcF$f0o1);
    }
}
/** @logcrest */
function throwObject() {
    const _lcF$f0o1 = 20 < _lc$f0o1.state.minLevel ? null : _lc$f0o1.enter((_lcS$f0o1 || _lcT$f0o1())[1]);
    try {
        throw sentinel;
    }
    catch (_lcE$f0o1) {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.fail(_lcF$f0o1, _lcE$f0o1);
        throw _lcE$f0o1;
    }
    finally {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.exit(_lcF$f0o1);
    }
}
/** @logcrest */
function throwString() {
    const _lcF$f0o1 = 20 < _lc$f0o1.state.minLevel ? null : _lc$f0o1.enter((_lcS$f0o1 || _lcT$f0o1())[2]);
    try {
        throw "plain string";
    }
    catch (_lcE$f0o1) {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.fail(_lcF$f0o1, _lcE$f0o1);
        throw _lcE$f0o1;
    }
    finally {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.exit(_lcF$f0o1);
    }
}
/** @logcrest */
function recover() {
    const _lcF$f0o1 = 20 < _lc$f0o1.state.minLevel ? null : _lc$f0o1.enter((_lcS$f0o1 || _lcT$f0o1())[3]);
    try {
        try {
            explode();
        }
        catch {
            return "recovered";
        }
    }
    catch (_lcE$f0o1) {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.fail(_lcF$f0o1, _lcE$f0o1);
        throw _lcE$f0o1;
    }
    finally {
        if (_lcF$f0o1 !== null)
            _lc$f0o1.exit(_lcF$f0o1);
    }
}
function check() {
    const seen = {};
    try {
        explode();
    }
    catch (e) {
        seen.sameError = e === exports.thrown;
    }
    try {
        throwObject();
    }
    catch (e) {
        seen.sameObject = e === sentinel;
    }
    try {
        throwString();
    }
    catch (e) {
        seen.string = e;
    }
    seen.recover = recover();
    return seen;
}
