import { __lc as _lc$zkz } from "logcrest";
var _lcS$zkz = _lcS$zkz || _lcT$zkz();
function _lcT$zkz() { return _lcS$zkz = _lc$zkz.sites("fixtures/this-arguments-super/input.ts", [["Dog.speak", 13, 20, 0], ["Dog.name", 17, 20, 8], ["countArgs", 24, 20, 0], ["countArgsAsync", 29, 20, 8], ["Made", 35, 20, 0]]); }
// `this`, `arguments`, `super` and `new.target` inside sync and async tagged functions.
class Animal {
    speak() {
        return "...";
    }
    async name() {
        return "animal";
    }
}
export class Dog extends Animal {
    /** @logcrest */
    speak() {
        const _lcF$zkz = 20 < _lc$zkz.state.minLevel ? null : _lc$zkz.enter((_lcS$zkz || _lcT$zkz())[0]);
        try {
            return `woof (${super.speak()})`;
        }
        catch (_lcE$zkz) {
            if (_lcF$zkz !== null)
                _lc$zkz.fail(_lcF$zkz, _lcE$zkz);
            throw _lcE$zkz;
        }
        finally {
            if (_lcF$zkz !== null)
                _lc$zkz.exit(_lcF$zkz);
        }
    }
    /** @logcrest */
    async name() {
        const _lcF$zkz = 20 < _lc$zkz.state.minLevel ? null : _lc$zkz.enter((_lcS$zkz || _lcT$zkz())[1]);
        const _lcB$zkz = { "name": async () => { try {
                await null;
                return await `dog < ${await super.name()}`;
            }
            catch (_lcE$zkz) {
                if (_lcF$zkz !== null)
                    _lc$zkz.fail(_lcF$zkz, _lcE$zkz);
                throw _lcE$zkz;
            }
            finally {
                if (_lcF$zkz !== null)
                    _lc$zkz.exit(_lcF$zkz);
            } } }["name"];
        return await (_lcF$zkz === null ? _lcB$zkz.call(this) : _lc$zkz.run(_lcF$zkz, _lcB$zkz, this));
    }
}
/** @logcrest */
function countArgs(..._xs) {
    const _lcF$zkz = 20 < _lc$zkz.state.minLevel ? null : _lc$zkz.enter((_lcS$zkz || _lcT$zkz())[2]);
    try {
        return { n: arguments.length, first: arguments[0], tag: this ? this.tag : undefined };
    }
    catch (_lcE$zkz) {
        if (_lcF$zkz !== null)
            _lc$zkz.fail(_lcF$zkz, _lcE$zkz);
        throw _lcE$zkz;
    }
    finally {
        if (_lcF$zkz !== null)
            _lc$zkz.exit(_lcF$zkz);
    }
}
/** @logcrest */
async function countArgsAsync(_a) {
    const _lcF$zkz = 20 < _lc$zkz.state.minLevel ? null : _lc$zkz.enter((_lcS$zkz || _lcT$zkz())[3]);
    const _lcB$zkz = { "countArgsAsync": async () => { try {
            await null;
            return await arguments.length;
        }
        catch (_lcE$zkz) {
            if (_lcF$zkz !== null)
                _lc$zkz.fail(_lcF$zkz, _lcE$zkz);
            throw _lcE$zkz;
        }
        finally {
            if (_lcF$zkz !== null)
                _lc$zkz.exit(_lcF$zkz);
        } } }["countArgsAsync"];
    return await (_lcF$zkz === null ? _lcB$zkz.call(this) : _lc$zkz.run(_lcF$zkz, _lcB$zkz, this));
}
/** @logcrest */
function Made() {
    const _lcF$zkz = 20 < _lc$zkz.state.minLevel ? null : _lc$zkz.enter((_lcS$zkz || _lcT$zkz())[4]);
    try {
        if (new.target === undefined)
            return "called";
        this.made = true;
        return undefined;
    }
    catch (_lcE$zkz) {
        if (_lcF$zkz !== null)
            _lc$zkz.fail(_lcF$zkz, _lcE$zkz);
        throw _lcE$zkz;
    }
    finally {
        if (_lcF$zkz !== null)
            _lc$zkz.exit(_lcF$zkz);
    }
}
export async function check() {
    const d = new Dog();
    const made = new Made();
    return {
        speak: d.speak(),
        name: await d.name(),
        counted: countArgs.call({ tag: "T" }, 1, 2, 3),
        countedAsync: await countArgsAsync(1, 2),
        called: Made(),
        made: made.made,
    };
}
