"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Order = void 0;
exports.check = check;
var _lc$f19x = require("logcrest").__lc;
var _lcS$f19x = _lcS$f19x || _lcT$f19x();
function _lcT$f19x() { return _lcS$f19x = _lc$f19x.sites("fixtures/constructors/input.ts", [["Order.constructor", 8, 20, 1], ["Plain.constructor", 20, 20, 0]]); }
// Constructors: parameter properties, super() in a derived class, a file without semicolons.
class Base {
    kind;
    constructor(kind) {
        this.kind = kind;
    }
}
class Order extends Base {
    id;
    note;
    /** @logcrest logArgs */
    constructor(id, note = "none") {
        super("order");
        this.id = id;
        this.note = note;
        const _lcF$f19x = 20 < _lc$f19x.state.minLevel ? null : _lc$f19x.enter((_lcS$f19x || _lcT$f19x())[0], arguments);
        try {
            this.note = note.trim();
        }
        catch (_lcE$f19x) {
            if (_lcF$f19x !== null)
                _lc$f19x.fail(_lcF$f19x, _lcE$f19x);
            throw _lcE$f19x;
        }
        finally {
            if (_lcF$f19x !== null)
                _lc$f19x.exit(_lcF$f19x);
        }
    }
    describe() {
        return `${this.kind}#${this.id}:${this.note}`;
    }
}
exports.Order = Order;
class Plain {
    value;
    /** @logcrest */
    constructor(v) {
        "use strict";
        const _lcF$f19x = 20 < _lc$f19x.state.minLevel ? null : _lc$f19x.enter((_lcS$f19x || _lcT$f19x())[1]);
        try {
            this.value = v * 2;
        }
        catch (_lcE$f19x) {
            if (_lcF$f19x !== null)
                _lc$f19x.fail(_lcF$f19x, _lcE$f19x);
            throw _lcE$f19x;
        }
        finally {
            if (_lcF$f19x !== null)
                _lc$f19x.exit(_lcF$f19x);
        }
    }
}
function check() {
    const o = new Order(7, " fast ");
    return { describe: o.describe(), plain: new Plain(4).value, isOrder: o instanceof Order, length: Order.length };
}
