"""Reads a Python package's client classes for dlt:custom: run in the project's environment.

    python -I introspect_package.py MODULE [CLASS]

Imports MODULE (and nothing of the project: -I keeps the current folder off sys.path) and prints
one JSON object: the package's version and its public classes, each with its constructor's
parameters and its public methods (their required parameters). It calls nothing but the import.
"""

import importlib
import importlib.metadata
import inspect
import json
import sys

MAX_CLASSES = 200
MAX_METHODS = 200
LITERALS = (str, int, float, bool)


def describe_parameter(parameter: inspect.Parameter) -> dict:
    described = {"name": parameter.name, "kind": parameter.kind.name}
    if parameter.default is not inspect.Parameter.empty:
        default = parameter.default
        described["default"] = (
            default
            if isinstance(default, LITERALS) or default is None
            else repr(default)
        )
        described["literal"] = default is None or isinstance(default, LITERALS)
    return described


def parameters_of(function) -> list:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    return [
        describe_parameter(p) for p in signature.parameters.values() if p.name != "self"
    ]


def methods_of(cls) -> list:
    methods = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        try:
            member = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(member, (staticmethod, classmethod)) or not inspect.isfunction(
            member
        ):
            continue
        parameters = parameters_of(member)
        if parameters is not None:
            methods.append({"name": name, "parameters": parameters})
        if len(methods) >= MAX_METHODS:
            break
    return methods


def public_names(module, root: str) -> list:
    """The module's public names, and the client names its own name suggests: a package that
    exports lazily (a module __getattr__, as stripe does) lists no class in dir()."""
    names = [n for n in sorted(dir(module)) if not n.startswith("_")]
    words = [w.capitalize() for w in root.split("_") if w]
    stems = ["".join(words[i:]) for i in range(len(words))]
    for stem in stems:
        for suffix in ("Client", "API", "Api", ""):
            name = stem + suffix
            if name not in names and getattr(module, name, None) is not None:
                names.append(name)
    return names


def version_of(module_name: str):
    for name in (module_name, module_name.replace("_", "-")):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return getattr(sys.modules.get(module_name), "__version__", None)


def main() -> None:
    module_name = sys.argv[1]
    wanted = sys.argv[2] if len(sys.argv) > 2 else None
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 (a failing import is reported)
        print(
            json.dumps(
                {"module": module_name, "importable": False, "error": str(error)}
            )
        )
        return
    root = module_name.split(".")[0]
    classes = []
    names = [wanted] if wanted else public_names(module, root)
    for name in names:
        cls = module
        for part in name.split("."):
            cls = getattr(cls, part, None)
        if not inspect.isclass(cls) or issubclass(cls, BaseException):
            continue
        if not wanted and (cls.__module__ or "").split(".")[0] != root:
            continue
        classes.append(
            {
                "name": name,
                "parameters": parameters_of(cls),
                "methods": methods_of(cls),
            }
        )
        if len(classes) >= MAX_CLASSES:
            break
    print(
        json.dumps(
            {
                "module": module_name,
                "importable": True,
                "version": version_of(root),
                "classes": classes,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
