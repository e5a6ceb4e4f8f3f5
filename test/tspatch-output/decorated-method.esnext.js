var __runInitializers = (this && this.__runInitializers) || function (thisArg, initializers, value) {
    var useValue = arguments.length > 2;
    for (var i = 0; i < initializers.length; i++) {
        value = useValue ? initializers[i].call(thisArg, value) : initializers[i].call(thisArg);
    }
    return useValue ? value : void 0;
};
var __esDecorate = (this && this.__esDecorate) || function (ctor, descriptorIn, decorators, contextIn, initializers, extraInitializers) {
    function accept(f) { if (f !== void 0 && typeof f !== "function") throw new TypeError("Function expected"); return f; }
    var kind = contextIn.kind, key = kind === "getter" ? "get" : kind === "setter" ? "set" : "value";
    var target = !descriptorIn && ctor ? contextIn["static"] ? ctor : ctor.prototype : null;
    var descriptor = descriptorIn || (target ? Object.getOwnPropertyDescriptor(target, contextIn.name) : {});
    var _, done = false;
    for (var i = decorators.length - 1; i >= 0; i--) {
        var context = {};
        for (var p in contextIn) context[p] = p === "access" ? {} : contextIn[p];
        for (var p in contextIn.access) context.access[p] = contextIn.access[p];
        context.addInitializer = function (f) { if (done) throw new TypeError("Cannot add initializers after decoration has completed"); extraInitializers.push(accept(f || null)); };
        var result = (0, decorators[i])(kind === "accessor" ? { get: descriptor.get, set: descriptor.set } : descriptor[key], context);
        if (kind === "accessor") {
            if (result === void 0) continue;
            if (result === null || typeof result !== "object") throw new TypeError("Object expected");
            if (_ = accept(result.get)) descriptor.get = _;
            if (_ = accept(result.set)) descriptor.set = _;
            if (_ = accept(result.init)) initializers.unshift(_);
        }
        else if (_ = accept(result)) {
            if (kind === "field") initializers.unshift(_);
            else descriptor[key] = _;
        }
    }
    if (target) Object.defineProperty(target, contextIn.name, descriptor);
    done = true;
};
import { __lc as _lc$ly3p } from "logcrest";
var _lcS$ly3p = _lcS$ly3p || _lcT$ly3p();
function _lcT$ly3p() { return _lcS$ly3p = _lc$ly3p.sites("fixtures/decorated-method/input.ts", [["Service.fetch", 11, 20, 0], ["Service.create", 17, 10, 0]]); }
// A JSDoc tag after or before decorators still attaches; the decorator still sees the same function.
const seen = [];
function track(value, context) {
    seen.push(`${String(context.name)}:${value.name}`);
}
let Service = (() => {
    let _staticExtraInitializers = [];
    let _instanceExtraInitializers = [];
    let _static_create_decorators;
    let _fetch_decorators;
    return class Service {
        static {
            const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(null) : void 0;
            _fetch_decorators = [track];
            _static_create_decorators = [track];
            __esDecorate(this, null, _static_create_decorators, { kind: "method", name: "create", static: true, private: false, access: { has: obj => "create" in obj, get: obj => obj.create }, metadata: _metadata }, null, _staticExtraInitializers);
            __esDecorate(this, null, _fetch_decorators, { kind: "method", name: "fetch", static: false, private: false, access: { has: obj => "fetch" in obj, get: obj => obj.fetch }, metadata: _metadata }, null, _instanceExtraInitializers);
            if (_metadata) Object.defineProperty(this, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
            __runInitializers(this, _staticExtraInitializers);
        }
        fetch(id) {
            const _lcF$ly3p = 20 < _lc$ly3p.state.minLevel ? null : _lc$ly3p.enter((_lcS$ly3p || _lcT$ly3p())[0]);
            try {
                return `item ${id}`;
            }
            catch (_lcE$ly3p) {
                if (_lcF$ly3p !== null)
                    _lc$ly3p.fail(_lcF$ly3p, _lcE$ly3p);
                throw _lcE$ly3p;
            }
            finally {
                if (_lcF$ly3p !== null)
                    _lc$ly3p.exit(_lcF$ly3p);
            }
        }
        /** @logcrest debug */
        static create() {
            const _lcF$ly3p = 10 < _lc$ly3p.state.minLevel ? null : _lc$ly3p.enter((_lcS$ly3p || _lcT$ly3p())[1]);
            try {
                return new Service();
            }
            catch (_lcE$ly3p) {
                if (_lcF$ly3p !== null)
                    _lc$ly3p.fail(_lcF$ly3p, _lcE$ly3p);
                throw _lcE$ly3p;
            }
            finally {
                if (_lcF$ly3p !== null)
                    _lc$ly3p.exit(_lcF$ly3p);
            }
        }
        constructor() {
            __runInitializers(this, _instanceExtraInitializers);
        }
    };
})();
export { Service };
export function check() {
    return { item: Service.create().fetch(3), seen };
}
