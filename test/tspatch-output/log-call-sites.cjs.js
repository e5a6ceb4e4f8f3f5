"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.untagged = untagged;
exports.tagged = tagged;
exports.check = check;
var _lc$cnsu = require("logcrest").__lc;
var _lcS$cnsu = _lcS$cnsu || _lcT$cnsu();
function _lcT$cnsu() { return _lcS$cnsu = _lc$cnsu.sites("fixtures/log-call-sites/input.ts", [["tagged", 17, 20, 0], ["renamed", 22, 20, 0], ["<module>", 10, 0, 32], ["untagged", 13, 0, 32], ["tagged", 18, 0, 32], ["renamed", 23, 0, 32], ["Orders.place", 28, 0, 32], ["arrow", 33, 0, 32], ["multiline", 40, 0, 32], ["spread", 47, 0, 32], ["<anonymous>", 69, 0, 32]]); }
// Calls of logcrest's `log` name their enclosing function, file and line, tagged or not:
// module top level, a plain function, a tagged one (and one renamed with name=), a class
// method, an arrow, a callback, a renamed import, a namespace import and a call with spread
// arguments. A parameter named `log` is not ours, and a look-alike of a site passed as the
// receiver is never taken for one. A spy put on log.info sees exactly the user's arguments,
// the site arrives as its receiver (`this`), and the record is still written.
const logcrest_1 = require("logcrest");
const lc = __importStar(require("logcrest"));
logcrest_1.log.info.call((_lcS$cnsu || _lcT$cnsu())[2], "at module load");
function untagged(orderId) {
    logcrest_1.log.info.call((_lcS$cnsu || _lcT$cnsu())[3], "untagged", { orderId });
}
/** @logcrest */
function tagged() {
    const _lcF$cnsu = 20 < _lc$cnsu.state.minLevel ? null : _lc$cnsu.enter((_lcS$cnsu || _lcT$cnsu())[0]);
    try {
        logcrest_1.log.warn.call((_lcS$cnsu || _lcT$cnsu())[4], "inside a tagged function");
    }
    catch (_lcE$cnsu) {
        if (_lcF$cnsu !== null)
            _lc$cnsu.fail(_lcF$cnsu, _lcE$cnsu);
        throw _lcE$cnsu;
    }
    finally {
        if (_lcF$cnsu !== null)
            _lc$cnsu.exit(_lcF$cnsu);
    }
}
/** @logcrest name=renamed */
function withName() {
    const _lcF$cnsu = 20 < _lc$cnsu.state.minLevel ? null : _lc$cnsu.enter((_lcS$cnsu || _lcT$cnsu())[1]);
    try {
        logcrest_1.log.debug.call((_lcS$cnsu || _lcT$cnsu())[5], "named by the tag");
    }
    catch (_lcE$cnsu) {
        if (_lcF$cnsu !== null)
            _lc$cnsu.fail(_lcF$cnsu, _lcE$cnsu);
        throw _lcE$cnsu;
    }
    finally {
        if (_lcF$cnsu !== null)
            _lc$cnsu.exit(_lcF$cnsu);
    }
}
class Orders {
    place(n) {
        logcrest_1.log.error.call((_lcS$cnsu || _lcT$cnsu())[6], "placing", { n });
        return n;
    }
}
const arrow = () => lc.log.critical.call((_lcS$cnsu || _lcT$cnsu())[7], "from an arrow");
function shadowed(log) {
    return log.info("not ours");
}
function multiline() {
    lc.log.exception.call((_lcS$cnsu || _lcT$cnsu())[8], "exception on a later line", // the site is the receiver: nothing is added here
    new RangeError("out of stock"));
}
function spread(args) {
    logcrest_1.log.warning.call((_lcS$cnsu || _lcT$cnsu())[9], ...args);
}
function check() {
    const seen = [];
    const receivers = [];
    const real = logcrest_1.log.info;
    // A hand-written spy: it records the arguments and the receiver, then calls through with both.
    logcrest_1.log.info = function (...args) {
        seen.push(args);
        receivers.push(this);
        real.apply(this, args);
    };
    try {
        untagged("ord-1");
    }
    finally {
        logcrest_1.log.info = real;
    }
    tagged();
    withName();
    new Orders().place(2);
    arrow();
    [1].forEach(() => logcrest_1.log.info.call((_lcS$cnsu || _lcT$cnsu())[10], "in a callback"));
    multiline();
    spread(["from a spread", { sku: "a-1" }]);
    // A look-alike of a site as the receiver of an untouched call (`log.info.call` is not rewritten): not a site.
    logcrest_1.log.info.call({ name: "fake", file: "fake.ts", line: 1, json: '"function":"fake"' }, "stray receiver");
    const site = receivers[0];
    return {
        shadowed: shadowed({ info: (m) => `own ${m}` }),
        spyArguments: seen,
        spyReceiver: site === undefined ? null : [site.name, site.file, site.line],
    };
}
