#!/usr/bin/env python3
"""Validate every line of an OCSF NDJSON file against the official OCSF JSON schema.

Usage:  scripts/validate-ocsf.py [--version 1.1.0] [--class detection_finding] FILE.ndjson [...]
        (FILE '-' reads stdin). Without --version, each line's metadata.version is used.

Needs:  python3 -m venv .venv-ocsf && .venv-ocsf/bin/pip install ocsf-json-schema jsonschema
Exit:   0 all lines valid, 1 any invalid line, 2 usage / setup error.
"""
import argparse
import json
import sys

try:
    import jsonschema
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema, get_packaged_versions
except ImportError as exc:  # pragma: no cover
    print(f"validate-ocsf: missing package ({exc}); run: python3 -m venv .venv-ocsf && "
          ".venv-ocsf/bin/pip install ocsf-json-schema jsonschema", file=sys.stderr)
    sys.exit(2)

_validators = {}


def validator(version, class_name):
    key = (version, class_name)
    if key not in _validators:
        if version not in get_packaged_versions():
            raise ValueError(f"OCSF version {version!r} not packaged (have {sorted(get_packaged_versions())})")
        schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version=version)).get_class_schema(class_name)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validators[key] = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return _validators[key]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", help="OCSF version (default: each event's metadata.version)")
    ap.add_argument("--class", dest="class_name", default="detection_finding")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    errors = 0
    lines = 0
    for path in args.files:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
        with stream:
            for n, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                lines += 1
                where = f"{path}:{n}"
                try:
                    event = json.loads(line)
                except json.JSONDecodeError as exc:
                    print(f"{where}: not JSON: {exc}", file=sys.stderr)
                    errors += 1
                    continue
                version = args.version or (event.get("metadata") or {}).get("version")
                if not version:
                    print(f"{where}: no metadata.version and no --version", file=sys.stderr)
                    errors += 1
                    continue
                try:
                    v = validator(version, args.class_name)
                except ValueError as exc:
                    print(f"{where}: {exc}", file=sys.stderr)
                    return 2
                line_errors = sorted(v.iter_errors(event), key=lambda e: list(e.absolute_path))
                for err in line_errors:
                    loc = "/".join(str(p) for p in err.absolute_path) or "(root)"
                    print(f"{where}: OCSF {version} {args.class_name}: {loc}: {err.message[:300]}", file=sys.stderr)
                errors += len(line_errors)
    if lines == 0:
        print("validate-ocsf: no events read", file=sys.stderr)
        return 1
    print(f"validate-ocsf: {lines} events, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
