import { __lc as _lc$3vk3 } from "logcrest";
var _lcS$3vk3 = _lcS$3vk3 || _lcT$3vk3();
function _lcT$3vk3() { return _lcS$3vk3 = _lc$3vk3.sites("fixtures/class-methods/input.ts", [["Cart.add", 8, 20, 0], ["Cart.#round", 14, 10, 0], ["Cart.empty", 19, 20, 0], ["Cart[key]", 24, 20, 0], ["Cart[\"literal name\"]", 29, 20, 0], ["Cart.total", 34, 20, 0], ["Cart.total", 39, 20, 0]]); 
    /** @logcrest */
}
// Class methods: instance, static, private #m, computed names, getters and setters.
const key = "dynamic";
export class Cart {
    items = [];
    /** @logcrest */
    add(price) {
        const _lcF$3vk3 = 20 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[0]);
        try {
            this.items.push(this.#round(price));
            return this;
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
    /** @logcrest debug */
    #round(n) {
        const _lcF$3vk3 = 10 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[1]);
        try {
            return Math.round(n);
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
    /** @logcrest */
    static empty() {
        const _lcF$3vk3 = 20 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[2]);
        try {
            return new Cart();
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
    /** @logcrest */
    [key]() {
        const _lcF$3vk3 = 20 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[3]);
        try {
            return "computed";
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
    /** @logcrest */
    ["literal name"]() {
        const _lcF$3vk3 = 20 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[4]);
        try {
            return 1;
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
    /** @logcrest */
    get total() {
        const _lcF$3vk3 = 20 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[5]);
        try {
            return this.items.reduce((a, b) => a + b, 0);
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
    /** @logcrest */
    set total(v) {
        const _lcF$3vk3 = 20 < _lc$3vk3.state.minLevel ? null : _lc$3vk3.enter((_lcS$3vk3 || _lcT$3vk3())[6]);
        try {
            this.items = [v];
        }
        catch (_lcE$3vk3) {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.fail(_lcF$3vk3, _lcE$3vk3);
            throw _lcE$3vk3;
        }
        finally {
            if (_lcF$3vk3 !== null)
                _lc$3vk3.exit(_lcF$3vk3);
        }
    }
}
export function check() {
    const c = Cart.empty().add(1.4).add(2.6);
    const before = c.total;
    c.total = 10;
    return { before, after: c.total, dynamic: c[key](), literal: c["literal name"](), addName: c.add.name, addLength: c.add.length };
}
