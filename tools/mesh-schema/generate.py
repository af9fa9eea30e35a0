#!/usr/bin/env python3
"""Generates src/Injector.Core/Istio/Mesh/ProtoCatalog.g.cs from istio/api's .proto files.

Usage: generate.py <istio-api checkout or git dir> <commit> > ProtoCatalog.g.cs
Reads mesh/v1alpha1 and the networking/type protos they import, keeps every message and enum reachable from
istio.mesh.v1alpha1.MeshConfig and ProxyConfig, in declaration order (the order Go's jsonpb writes fields in).
"""
import re, subprocess, sys

FILES = [
    "mesh/v1alpha1/proxy.proto", "mesh/v1alpha1/config.proto",
    "networking/v1alpha3/destination_rule.proto", "networking/v1alpha3/virtual_service.proto",
    "networking/v1alpha3/workload_group.proto", "networking/v1alpha3/workload_entry.proto",
    "networking/v1beta1/proxy_config.proto", "type/v1beta1/selector.proto",
]
SCALARS = {"double": "Double", "float": "Float", "int32": "Int32", "sint32": "Int32", "sfixed32": "Int32",
           "int64": "Int64", "sint64": "Int64", "sfixed64": "Int64", "uint32": "UInt32", "fixed32": "UInt32",
           "uint64": "UInt64", "fixed64": "UInt64", "bool": "Bool", "string": "String", "bytes": "Bytes"}
WELL_KNOWN = {"google.protobuf.Duration": "Duration", "google.protobuf.Struct": "Struct", "google.protobuf.Value": "Value",
              "google.protobuf.ListValue": "ListValue", "google.protobuf.Empty": "Empty", "google.protobuf.Any": "Any",
              "google.protobuf.Timestamp": "Timestamp"}
for w, k in [("BoolValue", "Bool"), ("Int32Value", "Int32"), ("UInt32Value", "UInt32"), ("Int64Value", "Int64"),
             ("UInt64Value", "UInt64"), ("DoubleValue", "Double"), ("FloatValue", "Float"), ("StringValue", "String"),
             ("BytesValue", "Bytes")]:
    WELL_KNOWN["google.protobuf." + w] = "Wrapper:" + k

def git_show(repo, commit, path):
    return subprocess.run(["git", "--git-dir", repo, "show", f"{commit}:{path}"], check=True, capture_output=True, text=True).stdout

def tokens(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.findall(r'"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_.]*|-?[0-9]+|[{}\[\]<>;=,()]|\.[A-Za-z_][A-Za-z0-9_.]*', text)

def go_camel(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "." and i + 1 < len(s) and s[i + 1].islower(): pass
        elif c == ".": out.append("_")
        elif c == "_" and (i == 0 or s[i - 1] == "."): out.append("X")
        elif c == "_" and i + 1 < len(s) and s[i + 1].islower(): pass
        elif c.isdigit(): out.append(c)
        else:
            out.append(c.upper() if c.islower() else c)
            while i + 1 < len(s) and s[i + 1].islower():
                i += 1; out.append(s[i])
        i += 1
    return "".join(out)

def json_name(s):
    out, up = [], False
    for c in s:
        if c == "_": up = True
        elif up: out.append(c.upper()); up = False
        else: out.append(c)
    return "".join(out)

messages, enums = {}, {}  # full name -> dict

def parse(text):
    t = tokens(text); pos = 0; package = ""; gopkg = ""
    def skip_options(p):
        if t[p] == "[":
            depth = 0
            while True:
                if t[p] == "[": depth += 1
                if t[p] == "]":
                    depth -= 1
                    if depth == 0: return p + 1
                p += 1
        return p
    def skip_statement(p):
        depth = 0
        while True:
            if t[p] == "{": depth += 1
            if t[p] == "}": depth -= 1
            if t[p] == ";" and depth == 0: return p + 1
            if t[p] == "}" and depth == 0: return p + 1
            p += 1
    def parse_enum(p, scope, goscope):
        name = t[p + 1]; full = scope + "." + name; p += 3; values = []
        while t[p] != "}":
            if t[p] in ("option", "reserved"): p = skip_statement(p); continue
            vname, num = t[p], int(t[p + 2]); p = skip_options(p + 3); assert t[p] == ";", (full, t[p]); p += 1
            values.append((vname, num))
        enums[full] = {"go": goscope + name, "values": values}
        return p + 1
    def parse_message(p, scope, goscope):
        name = t[p + 1]; full = scope + "." + name; p += 3
        msg = {"full": full, "go": goscope + name, "fields": [], "scope": full}
        messages[full] = msg
        oneof = None; oneof_stack = []
        while True:
            tok = t[p]
            if tok == "}":
                if oneof_stack: oneof_stack.pop(); oneof = None; p += 1; continue
                return p + 1
            if tok == "message": p = parse_message(p, full, msg["go"] + "_"); continue
            if tok == "enum": p = parse_enum(p, full, msg["go"] + "_"); continue
            if tok in ("option", "reserved", "extensions"): p = skip_statement(p); continue
            if tok == "oneof": oneof = t[p + 1]; oneof_stack.append(oneof); p += 3; continue
            label = ""
            if tok in ("repeated", "optional"): label = tok; p += 1
            if t[p] == "map":
                ktype, vtype = t[p + 2], t[p + 4]; fname, num = t[p + 6], int(t[p + 8]); p = skip_options(p + 9)
                msg["fields"].append({"name": fname, "num": num, "label": "map", "key": ktype, "type": vtype, "oneof": None})
            else:
                ftype, fname, num = t[p], t[p + 1], int(t[p + 3]); p = skip_options(p + 4)
                msg["fields"].append({"name": fname, "num": num, "label": label, "type": ftype, "oneof": oneof})
            assert t[p] == ";", (full, t[p - 3:p + 1]); p += 1
    while pos < len(t):
        tok = t[pos]
        if tok == "package": package = t[pos + 1]; pos += 3; continue
        if tok == "option" and t[pos + 1] == "go_package": gopkg = t[pos + 3].strip('"').split("/")[-1]; pos += 5; continue
        if tok == "message": pos = parse_message(pos, package, gopkg + "."); continue
        if tok == "enum": pos = parse_enum(pos, package, gopkg + "."); continue
        pos = skip_statement(pos)

def resolve(name, scope):
    if name in SCALARS: return name
    if name.startswith("."): name = name[1:]
    if name in WELL_KNOWN: return name
    parts = scope.split(".")
    for i in range(len(parts), -1, -1):
        cand = ".".join(parts[:i] + [name])
        if cand in messages or cand in enums or cand in WELL_KNOWN: return cand
    raise SystemExit(f"cannot resolve {name} in {scope}")

def main():
    repo, commit = sys.argv[1], sys.argv[2]
    for f in FILES: parse(git_show(repo, commit, f))
    for m in messages.values():
        for f in m["fields"]:
            f["type"] = resolve(f["type"], m["scope"])
    reach, todo = [], ["istio.mesh.v1alpha1.MeshConfig", "istio.mesh.v1alpha1.ProxyConfig"]
    seen_enums = []
    while todo:
        n = todo.pop(0)
        if n in reach: continue
        reach.append(n)
        for f in messages[n]["fields"]:
            if f["type"] in messages and f["type"] not in reach: todo.append(f["type"])
            if f["type"] in enums and f["type"] not in seen_enums: seen_enums.append(f["type"])
    out = []
    w = out.append
    w("// <auto-generated> by tools/mesh-schema/generate.py from istio/api " + commit + " (Apache-2.0). Do not edit. </auto-generated>")
    w("namespace Injector.Istio.Mesh;")
    w("")
    w("internal static partial class ProtoCatalog")
    w("{")
    w("    private static void Build(ProtoCatalogBuilder b)")
    w("    {")
    for e in seen_enums:
        vals = ", ".join(f'("{v}", {n})' for v, n in enums[e]["values"])
        w(f'        b.Enum("{e}", "{enums[e]["go"]}", [{vals}]);')
    for n in reach:
        w(f'        b.Message("{n}", "{messages[n]["go"]}");')
    for n in reach:
        for f in messages[n]["fields"]:
            ty = f["type"]
            if ty in SCALARS: kind, ref = SCALARS[ty], "null"
            elif ty in WELL_KNOWN:
                wk = WELL_KNOWN[ty]
                kind, ref = (("Wrapper", '"' + wk.split(":")[1] + '"') if wk.startswith("Wrapper:") else (wk, "null"))
            elif ty in enums: kind, ref = "Enum", f'"{ty}"'
            else: kind, ref = "Message", f'"{ty}"'
            label = {"": "Single", "optional": "Optional", "repeated": "Repeated", "map": "Map"}[f["label"]]
            key = f'"{f["key"]}"' if f["label"] == "map" else "null"
            oneof = f'"{f["oneof"]}"' if f["oneof"] else "null"
            w(f'        b.Field("{n}", {f["num"]}, "{f["name"]}", "{json_name(f["name"])}", "{go_camel(f["name"])}", ProtoKind.{kind}, {ref}, ProtoLabel.{label}, {key}, {oneof});')
    w("    }")
    w("}")
    print("\n".join(out))

main()
