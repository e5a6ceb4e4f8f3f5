import { __lc as _lc$brrx } from "logcrest";
var _lcS$brrx = _lcS$brrx || _lcT$brrx(
// module's body ran: the site table is built on first use instead of being undefined.
);
function _lcT$brrx() { return _lcS$brrx = _lc$brrx.sites("fixtures/circular-import/input.ts", [["shared", 6, 20, 0]]); }
// A circular import calls a tagged (hoisted) declaration of this module before this
// module's body ran: the site table is built on first use instead of being undefined.
import { fromOther } from "./other";
/** @logcrest */
export function shared(x) {
    const _lcF$brrx = 20 < _lc$brrx.state.minLevel ? null : _lc$brrx.enter((_lcS$brrx || _lcT$brrx())[0]);
    try {
        return x + 1;
    }
    catch (_lcE$brrx) {
        if (_lcF$brrx !== null)
            _lc$brrx.fail(_lcF$brrx, _lcE$brrx);
        throw _lcE$brrx;
    }
    finally {
        if (_lcF$brrx !== null)
            _lc$brrx.exit(_lcF$brrx);
    }
}
export function check() {
    return { fromOther, now: shared(10) };
}
