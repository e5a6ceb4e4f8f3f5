"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.order = order;
exports.check = check;
var _lc$5ujt = require("logcrest").__lc;
var _lcS$5ujt = _lcS$5ujt || _lcT$5ujt( // currentTimeline() read it; after the flow nothing is active. A step an exception passes
// through is interrupted, and so is a step still running when the flow ends.
);
function _lcT$5ujt() { return _lcS$5ujt = _lc$5ujt.sites("fixtures/flow-lifecycle/input.ts", [["inner", 7, 20, 0], ["middle", 12, 20, 0], ["slow", 17, 20, 8], ["order", 26, 20, 4, "order"], ["order", 27, 0, 32], ["check", 44, 0, 32]]); }
// Inside a flow, log.* records carry the flow's trace id and currentFlowId() /
// currentTimeline() read it; after the flow nothing is active. A step an exception passes
// through is interrupted, and so is a step still running when the flow ends.
const logcrest_1 = require("logcrest");
/** @logcrest */
function inner() {
    const _lcF$5ujt = 20 < _lc$5ujt.state.minLevel ? null : _lc$5ujt.enter((_lcS$5ujt || _lcT$5ujt())[0]);
    try {
        throw new TypeError("bad sku");
    }
    catch (_lcE$5ujt) {
        if (_lcF$5ujt !== null)
            _lc$5ujt.fail(_lcF$5ujt, _lcE$5ujt);
        throw _lcE$5ujt;
    }
    finally {
        if (_lcF$5ujt !== null)
            _lc$5ujt.exit(_lcF$5ujt);
    }
}
/** @logcrest */
function middle() {
    const _lcF$5ujt = 20 < _lc$5ujt.state.minLevel ? null : _lc$5ujt.enter((_lcS$5ujt || _lcT$5ujt())[1]);
    try {
        inner();
    }
    catch (_lcE$5ujt) {
        if (_lcF$5ujt !== null)
            _lc$5ujt.fail(_lcF$5ujt, _lcE$5ujt);
        throw _lcE$5ujt;
    }
    finally {
        if (_lcF$5ujt !== null)
            _lc$5ujt.exit(_lcF$5ujt);
    }
}
/** @logcrest */
async function slow() {
    const _lcF$5ujt = 20 < _lc$5ujt.state.minLevel ? null : _lc$5ujt.enter((_lcS$5ujt || _lcT$5ujt())[2]);
    const _lcB$5ujt = { "slow": async () => { try {
            await new Promise((r) => setTimeout(r, 30));
            return await "late";
        }
        catch (_lcE$5ujt) {
            if (_lcF$5ujt !== null)
                _lc$5ujt.fail(_lcF$5ujt, _lcE$5ujt);
            throw _lcE$5ujt;
        }
        finally {
            if (_lcF$5ujt !== null)
                _lc$5ujt.exit(_lcF$5ujt);
        } } }["slow"];
    return await (_lcF$5ujt === null ? _lcB$5ujt.call(this) : _lc$5ujt.run(_lcF$5ujt, _lcB$5ujt, this));
}
let pending;
let seen;
/** @flow order */
function order() {
    const _lcF$5ujt = 20 < _lc$5ujt.state.minLevel ? null : _lc$5ujt.enter((_lcS$5ujt || _lcT$5ujt())[3]);
    try {
        logcrest_1.log.info.call((_lcS$5ujt || _lcT$5ujt())[4], "inside the flow", { k: 1 });
        pending = slow(); // not awaited: still running when the flow ends
        seen = {
            idMatchesTrace: String((0, logcrest_1.currentFlowId)()).endsWith(`-${(0, logcrest_1.currentTraceId)()}`),
            timeline: (0, logcrest_1.currentTimeline)().map((s) => `${s.fn}:${s.status}`),
        };
        middle();
    }
    catch (_lcE$5ujt) {
        if (_lcF$5ujt !== null)
            _lc$5ujt.fail(_lcF$5ujt, _lcE$5ujt);
        throw _lcE$5ujt;
    }
    finally {
        if (_lcF$5ujt !== null)
            _lc$5ujt.exit(_lcF$5ujt);
    }
}
async function check() {
    let error;
    try {
        order();
    }
    catch (e) {
        error = `${e.name}: ${e.message}`;
    }
    const late = await pending;
    logcrest_1.log.info.call((_lcS$5ujt || _lcT$5ujt())[5], "after the flow");
    return { error, late, seen, after: (0, logcrest_1.currentFlowId)() ?? null, trace: (0, logcrest_1.currentTraceId)() ?? null };
}
