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
function _lcT$cnsu() { return _lcS$cnsu = _lc$cnsu.sites("fixtures/log-call-sites/input.ts", [["tagged", 16, 20, 0], ["renamed", 21, 20, 0], ["<module>", 9, 0, 32], ["untagged", 12, 0, 32], ["tagged", 17, 0, 32], ["renamed", 22, 0, 32], ["Orders.place", 27, 0, 32], ["arrow", 32, 0, 32], ["multiline", 39, 0, 32], ["<anonymous>", 61, 0, 32]]); }
// Calls of logcrest's `log` name their enclosing function, file and line, tagged or not:
// module top level, a plain function, a tagged one (and one renamed with name=), a class
// method, an arrow, a callback, a renamed import and a namespace import. A parameter named
// `log` is not ours, and a stray extra argument is never taken for a site. A spy put on
// log.info still sees the user's arguments first, and the record is still written.
const logcrest_1 = require("logcrest");
const lc = __importStar(require("logcrest"));
logcrest_1.log.info("at module load", void 0, (_lcS$cnsu || _lcT$cnsu())[2]);
function untagged(orderId) {
    logcrest_1.log.info("untagged", { orderId }, (_lcS$cnsu || _lcT$cnsu())[3]);
}
/** @logcrest */
function tagged() {
    const _lcF$cnsu = 20 < _lc$cnsu.state.minLevel ? null : _lc$cnsu.enter((_lcS$cnsu || _lcT$cnsu())[0]);
    try {
        logcrest_1.log.warn("inside a tagged function", void 0, (_lcS$cnsu || _lcT$cnsu())[4]);
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
        logcrest_1.log.debug("named by the tag", void 0, (_lcS$cnsu || _lcT$cnsu())[5]);
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
        logcrest_1.log.error("placing", { n }, (_lcS$cnsu || _lcT$cnsu())[6]);
        return n;
    }
}
const arrow = () => lc.log.critical("from an arrow", void 0, (_lcS$cnsu || _lcT$cnsu())[7]);
function shadowed(log) {
    return log.info("not ours");
}
function multiline() {
    lc.log.exception("exception on a later line", // the site goes after this comment
    new RangeError("out of stock"), void 0, (_lcS$cnsu || _lcT$cnsu())[8]);
}
function check() {
    const seen = [];
    const real = logcrest_1.log.info;
    logcrest_1.log.info = (...args) => {
        seen.push(args);
        real(...args);
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
    [1].forEach(() => logcrest_1.log.info("in a callback", void 0, (_lcS$cnsu || _lcT$cnsu())[9]));
    multiline();
    // A look-alike of a site as a third argument of an untouched call: not a site.
    logcrest_1.log.info("stray argument", undefined, { name: "fake", file: "fake.ts", line: 1, json: '"function":"fake"' });
    return {
        shadowed: shadowed({ info: (m) => `own ${m}` }),
        spyArguments: seen.map((args) => args.slice(0, 2)),
        spyCount: seen.length,
    };
}
