import { __lc as _lc$gp52 } from "logcrest";
var _lcS$gp52 = _lcS$gp52 || _lcT$gp52();
function _lcT$gp52() { return _lcS$gp52 = _lc$gp52.sites("fixtures/parameters/input.ts", [["configure", 3, 20, 1], ["arrow", 8, 20, 1]]); }
// Default, destructured and rest parameters with logArgs; fn.length is unchanged.
/** @logcrest logArgs */
export function configure(name, retries = 3, { verbose = false, level } = {}, ...tags) {
    const _lcF$gp52 = 20 < _lc$gp52.state.minLevel ? null : _lc$gp52.enter((_lcS$gp52 || _lcT$gp52())[0], arguments);
    try {
        return `${name}/${retries}/${verbose}/${level}/${tags.join("+")}`;
    }
    catch (_lcE$gp52) {
        if (_lcF$gp52 !== null)
            _lc$gp52.fail(_lcF$gp52, _lcE$gp52);
        throw _lcE$gp52;
    }
    finally {
        if (_lcF$gp52 !== null)
            _lc$gp52.exit(_lcF$gp52);
    }
}
/** @logcrest logArgs */
const arrow = ({ a, b: [first, ...others] }, ...rest) => {
    const _lcF$gp52 = 20 < _lc$gp52.state.minLevel ? null : _lc$gp52.enter((_lcS$gp52 || _lcT$gp52())[1], [{ a, b: [first, ...others] }, ...rest]);
    try {
        return a + first + others.length + rest.length;
    }
    catch (_lcE$gp52) {
        if (_lcF$gp52 !== null)
            _lc$gp52.fail(_lcF$gp52, _lcE$gp52);
        throw _lcE$gp52;
    }
    finally {
        if (_lcF$gp52 !== null)
            _lc$gp52.exit(_lcF$gp52);
    }
};
export function check() {
    return {
        one: configure("x"),
        all: configure("y", 1, { verbose: true, level: "hi" }, "t1", "t2"),
        arrow: arrow({ a: 1, b: [10, 20, 30] }, 7, 8),
        length: configure.length,
        arrowLength: arrow.length,
    };
}
