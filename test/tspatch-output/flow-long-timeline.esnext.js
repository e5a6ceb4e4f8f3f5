import { __lc as _lc$ir83 } from "logcrest";
var _lcS$ir83 = _lcS$ir83 || _lcT$ir83();
function _lcT$ir83() { return _lcS$ir83 = _lc$ir83.sites("fixtures/flow-long-timeline/input.ts", [["tick", 10, 10, 0], ["longLoop", 15, 20, 4, "long-loop"]]); }
// A loop inside a flow: the timeline keeps the first 1,000 steps, counts the rest in
// `steps`, and says how many it left out. (The 2,400 step records go to a directory of the
// fixture's own; a handler keeps only the flow_end, which is what this case is about.)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush } from "logcrest";
/** @logcrest debug */
function tick(i) {
    const _lcF$ir83 = 10 < _lc$ir83.state.minLevel ? null : _lc$ir83.enter((_lcS$ir83 || _lcT$ir83())[0]);
    try {
        return i % 3;
    }
    catch (_lcE$ir83) {
        if (_lcF$ir83 !== null)
            _lc$ir83.fail(_lcF$ir83, _lcE$ir83);
        throw _lcE$ir83;
    }
    finally {
        if (_lcF$ir83 !== null)
            _lc$ir83.exit(_lcF$ir83);
    }
}
/** @flow long-loop */
export function longLoop(n) {
    const _lcF$ir83 = 20 < _lc$ir83.state.minLevel ? null : _lc$ir83.enter((_lcS$ir83 || _lcT$ir83())[1]);
    try {
        let sum = 0;
        for (let i = 0; i < n; i++)
            sum += tick(i);
        return sum;
    }
    catch (_lcE$ir83) {
        if (_lcF$ir83 !== null)
            _lc$ir83.fail(_lcF$ir83, _lcE$ir83);
        throw _lcE$ir83;
    }
    finally {
        if (_lcF$ir83 !== null)
            _lc$ir83.exit(_lcF$ir83);
    }
}
export async function check() {
    const ends = [];
    configure({
        dir: mkdtempSync(join(tmpdir(), "lc-long-")),
        console: false,
        handlers: [(record) => void (record.flow_type === "flow_end" && ends.push(record))],
    });
    const sum = longLoop(1200);
    await flush();
    const end = ends[0];
    const timeline = end.timeline;
    return {
        sum,
        flows: ends.length,
        steps: end.steps,
        stored: timeline.length,
        dropped: end.timeline_dropped,
        allOk: timeline.every((s) => s.fn === "tick" && s.status === "ok"),
        status: end.flow_status,
    };
}
