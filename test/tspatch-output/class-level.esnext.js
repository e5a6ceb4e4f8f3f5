import { __lc as _lc$cecj } from "logcrest";
var _lcS$cecj = _lcS$cecj || _lcT$cecj();
function _lcT$cecj() { return _lcS$cecj = _lc$cecj.sites("fixtures/class-level/input.ts", [["Shape.describe", 6, 20, 0], ["Square.constructor", 13, 10, 0], ["Square.area", 16, 10, 0], ["Square.side2", 19, 10, 0], ["Square.unit", 22, 10, 0], ["Square.loud", 26, 40, 2]]); }
// `@logcrest` on a class: every method with a body (constructor, static, accessors);
// abstract methods and property arrows are not methods with a body; a method's own tag wins.
class Shape {
    /** @logcrest */
    describe() {
        const _lcF$cecj = 20 < _lc$cecj.state.minLevel ? null : _lc$cecj.enter((_lcS$cecj || _lcT$cecj())[0]);
        try {
            return `area ${this.area()}`;
        }
        catch (_lcE$cecj) {
            if (_lcF$cecj !== null)
                _lc$cecj.fail(_lcF$cecj, _lcE$cecj);
            throw _lcE$cecj;
        }
        finally {
            if (_lcF$cecj !== null)
                _lc$cecj.exit(_lcF$cecj);
        }
    }
}
/** @logcrest debug */
export class Square extends Shape {
    side;
    constructor(side) {
        super();
        this.side = side;
        const _lcF$cecj = 10 < _lc$cecj.state.minLevel ? null : _lc$cecj.enter((_lcS$cecj || _lcT$cecj())[1]);
        try { }
        catch (_lcE$cecj) {
            if (_lcF$cecj !== null)
                _lc$cecj.fail(_lcF$cecj, _lcE$cecj);
            throw _lcE$cecj;
        }
        finally {
            if (_lcF$cecj !== null)
                _lc$cecj.exit(_lcF$cecj);
        }
    }
    area() {
        const _lcF$cecj = 10 < _lc$cecj.state.minLevel ? null : _lc$cecj.enter((_lcS$cecj || _lcT$cecj())[2]);
        try {
            return this.side * this.side;
        }
        catch (_lcE$cecj) {
            if (_lcF$cecj !== null)
                _lc$cecj.fail(_lcF$cecj, _lcE$cecj);
            throw _lcE$cecj;
        }
        finally {
            if (_lcF$cecj !== null)
                _lc$cecj.exit(_lcF$cecj);
        }
    }
    get side2() {
        const _lcF$cecj = 10 < _lc$cecj.state.minLevel ? null : _lc$cecj.enter((_lcS$cecj || _lcT$cecj())[3]);
        try {
            return this.side;
        }
        catch (_lcE$cecj) {
            if (_lcF$cecj !== null)
                _lc$cecj.fail(_lcF$cecj, _lcE$cecj);
            throw _lcE$cecj;
        }
        finally {
            if (_lcF$cecj !== null)
                _lc$cecj.exit(_lcF$cecj);
        }
    }
    static unit() {
        const _lcF$cecj = 10 < _lc$cecj.state.minLevel ? null : _lc$cecj.enter((_lcS$cecj || _lcT$cecj())[4]);
        try {
            return new Square(1);
        }
        catch (_lcE$cecj) {
            if (_lcF$cecj !== null)
                _lc$cecj.fail(_lcF$cecj, _lcE$cecj);
            throw _lcE$cecj;
        }
        finally {
            if (_lcF$cecj !== null)
                _lc$cecj.exit(_lcF$cecj);
        }
    }
    /** @logcrest error logResult */
    loud() {
        const _lcF$cecj = 40 < _lc$cecj.state.minLevel ? null : _lc$cecj.enter((_lcS$cecj || _lcT$cecj())[5]);
        try {
            return _lc$cecj.ret(_lcF$cecj, "LOUD");
        }
        catch (_lcE$cecj) {
            if (_lcF$cecj !== null)
                _lc$cecj.fail(_lcF$cecj, _lcE$cecj);
            throw _lcE$cecj;
        }
        finally {
            if (_lcF$cecj !== null)
                _lc$cecj.exit(_lcF$cecj);
        }
    }
    helper = () => "not a method";
}
export function check() {
    const s = Square.unit();
    return { area: s.area(), side: s.side2, describe: s.describe(), loud: s.loud(), helper: s.helper() };
}
