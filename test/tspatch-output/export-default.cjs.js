"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = default_1;
exports.check = check;
var _lc$l0ts = require("logcrest").__lc;
var _lcS$l0ts = _lcS$l0ts || _lcT$l0ts();
function _lcT$l0ts() { return _lcS$l0ts = _lc$l0ts.sites("fixtures/export-default/input.ts", [["default", 3, 30, 0]]); }
// `export default function` without a name: the record name is `default`.
/** @logcrest warn */
function default_1(a, b) {
    const _lcF$l0ts = 30 < _lc$l0ts.state.minLevel ? null : _lc$l0ts.enter((_lcS$l0ts || _lcT$l0ts())[0]);
    try {
        return a * b;
    }
    catch (_lcE$l0ts) {
        if (_lcF$l0ts !== null)
            _lc$l0ts.fail(_lcF$l0ts, _lcE$l0ts);
        throw _lcE$l0ts;
    }
    finally {
        if (_lcF$l0ts !== null)
            _lc$l0ts.exit(_lcF$l0ts);
    }
}
const input_1 = __importDefault(require("./input"));
function check() {
    return { product: (0, input_1.default)(6, 7), length: input_1.default.length };
}
