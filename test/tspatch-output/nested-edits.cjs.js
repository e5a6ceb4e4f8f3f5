"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.makeAdder = makeAdder;
exports.check = check;
var _lc$339f = require("logcrest").__lc;
var _lcS$339f = _lcS$339f || _lcT$339f();
function _lcT$339f() { return _lcS$339f = _lc$339f.sites("fixtures/nested-edits/input.ts", [["makeAdder", 4, 20, 2], ["adder", 5, 20, 0], ["curry", 9, 20, 0], ["curried", 9, 20, 0], ["nothing", 12, 20, 0], ["nothingAsync", 15, 20, 8], ["Child.constructor", 20, 20, 0], ["comma", 25, 20, 2], ["asyncExpr", 30, 20, 10]]); }
// Edits that meet at one offset nest correctly: a tagged arrow returned by a tagged function,
// an arrow returning an arrow, empty bodies, a body that is only `super()`, comma returns.
/** @logcrest logResult */
function makeAdder(n) {
    const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[0]);
    try {
        return /** @logcrest name=adder */ _lc$339f.ret(_lcF$339f, /** @logcrest name=adder */ (x) => {
            const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[1]);
            try {
                return x + n;
            }
            catch (_lcE$339f) {
                if (_lcF$339f !== null)
                    _lc$339f.fail(_lcF$339f, _lcE$339f);
                throw _lcE$339f;
            }
            finally {
                if (_lcF$339f !== null)
                    _lc$339f.exit(_lcF$339f);
            }
        });
    }
    catch (_lcE$339f) {
        if (_lcF$339f !== null)
            _lc$339f.fail(_lcF$339f, _lcE$339f);
        throw _lcE$339f;
    }
    finally {
        if (_lcF$339f !== null)
            _lc$339f.exit(_lcF$339f);
    }
}
/** @logcrest */
const curry = (a) => /** @logcrest name=curried */ {
    const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[2]);
    try {
        return (b) => {
            const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[3]);
            try {
                return a * b;
            }
            catch (_lcE$339f) {
                if (_lcF$339f !== null)
                    _lc$339f.fail(_lcF$339f, _lcE$339f);
                throw _lcE$339f;
            }
            finally {
                if (_lcF$339f !== null)
                    _lc$339f.exit(_lcF$339f);
            }
        };
    }
    catch (_lcE$339f) {
        if (_lcF$339f !== null)
            _lc$339f.fail(_lcF$339f, _lcE$339f);
        throw _lcE$339f;
    }
    finally {
        if (_lcF$339f !== null)
            _lc$339f.exit(_lcF$339f);
    }
};
/** @logcrest */
function nothing() {
    const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[4]);
    try { }
    catch (_lcE$339f) {
        if (_lcF$339f !== null)
            _lc$339f.fail(_lcF$339f, _lcE$339f);
        throw _lcE$339f;
    }
    finally {
        if (_lcF$339f !== null)
            _lc$339f.exit(_lcF$339f);
    }
}
/** @logcrest */
async function nothingAsync() {
    const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[5]);
    const _lcB$339f = { "nothingAsync": async () => { try { }
        catch (_lcE$339f) {
            if (_lcF$339f !== null)
                _lc$339f.fail(_lcF$339f, _lcE$339f);
            throw _lcE$339f;
        }
        finally {
            if (_lcF$339f !== null)
                _lc$339f.exit(_lcF$339f);
        } } }["nothingAsync"];
    return await (_lcF$339f === null ? _lcB$339f.call(this) : _lc$339f.run(_lcF$339f, _lcB$339f, this));
}
class Base {
}
class Child extends Base {
    /** @logcrest */
    constructor() {
        super();
        const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[6]);
        try { }
        catch (_lcE$339f) {
            if (_lcF$339f !== null)
                _lc$339f.fail(_lcF$339f, _lcE$339f);
            throw _lcE$339f;
        }
        finally {
            if (_lcF$339f !== null)
                _lc$339f.exit(_lcF$339f);
        }
    }
}
let sideEffects = 0;
/** @logcrest logResult */
function comma() {
    const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[7]);
    try {
        return _lc$339f.ret(_lcF$339f, (sideEffects++, sideEffects * 10));
    }
    catch (_lcE$339f) {
        if (_lcF$339f !== null)
            _lc$339f.fail(_lcF$339f, _lcE$339f);
        throw _lcE$339f;
    }
    finally {
        if (_lcF$339f !== null)
            _lc$339f.exit(_lcF$339f);
    }
}
/** @logcrest logResult */
const asyncExpr = async (x) => {
    const _lcF$339f = 20 < _lc$339f.state.minLevel ? null : _lc$339f.enter((_lcS$339f || _lcT$339f())[8]);
    const _lcB$339f = { "asyncExpr": async () => { try {
            return _lc$339f.ret(_lcF$339f, await (x * 3));
        }
        catch (_lcE$339f) {
            if (_lcF$339f !== null)
                _lc$339f.fail(_lcF$339f, _lcE$339f);
            throw _lcE$339f;
        }
        finally {
            if (_lcF$339f !== null)
                _lc$339f.exit(_lcF$339f);
        } 
            /** @logcrest */
        } }["asyncExpr"];
    return await (_lcF$339f === null ? _lcB$339f() : _lc$339f.run(_lcF$339f, _lcB$339f));
};
async function check() {
    const r = {
        added: makeAdder(2)(3),
        curried: curry(4)(5),
        nothing: nothing(),
        nothingAsync: await nothingAsync(),
        child: new Child() instanceof Base,
        comma: comma(),
        sideEffects,
        asyncExpr: await asyncExpr(2),
    };
    return r;
}
