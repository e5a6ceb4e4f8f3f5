import { __lc as _lc$7urt } from "logcrest";
var _lcS$7urt = _lcS$7urt || _lcT$7urt();
function _lcT$7urt() { return _lcS$7urt = _lc$7urt.sites("fixtures/function-expression/input.ts", [["greet", 3, 20, 0], ["shout", 8, 20, 0]]); }
// Function expressions take the variable's name in records; fn.name stays the expression's own.
/** @logcrest */
const greet = function hello(who) {
    const _lcF$7urt = 20 < _lc$7urt.state.minLevel ? null : _lc$7urt.enter((_lcS$7urt || _lcT$7urt())[0]);
    try {
        return `hi ${who}`;
    }
    catch (_lcE$7urt) {
        if (_lcF$7urt !== null)
            _lc$7urt.fail(_lcF$7urt, _lcE$7urt);
        throw _lcE$7urt;
    }
    finally {
        if (_lcF$7urt !== null)
            _lc$7urt.exit(_lcF$7urt);
    }
};
/** @logcrest */
let shout = function (who) {
    const _lcF$7urt = 20 < _lc$7urt.state.minLevel ? null : _lc$7urt.enter((_lcS$7urt || _lcT$7urt())[1]);
    try {
        return who.toUpperCase();
    }
    catch (_lcE$7urt) {
        if (_lcF$7urt !== null)
            _lc$7urt.fail(_lcF$7urt, _lcE$7urt);
        throw _lcE$7urt;
    }
    finally {
        if (_lcF$7urt !== null)
            _lc$7urt.exit(_lcF$7urt);
    }
};
export function check() {
    return { greet: greet("ann"), name: greet.name, shout: shout("bo"), shoutName: shout.name };
}
