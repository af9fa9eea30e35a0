#!/usr/bin/env python3
"""Writes the Pod schema table (src/Injector.Core/Kube/Schema/KubeSchemaTable.g.cs) from the Go sources of
k8s.io/api and k8s.io/apimachinery at one tag. Reads the files with `git show <tag>:<path>` from the two
repositories' git directories; see README.md next to this script."""

import argparse
import re
import subprocess
import sys

TAG = "v0.36.1"
API_REPO = "/work/.mirror/kubernetes+api/repo"
MACHINERY_REPO = "/work/.mirror/kubernetes+apimachinery/repo"

# (package id, repository, path, Go package name as %T prints it)
SOURCES = [
    ("core", "api", "core/v1/types.go", "v1"),
    ("meta", "machinery", "pkg/apis/meta/v1/types.go", "v1"),
    ("types", "machinery", "pkg/types/uid.go", "types"),
    ("types", "machinery", "pkg/types/namespacedname.go", "types"),
]

# Go import names used in the sources, mapped to our package ids.
IMPORTS = {"metav1": "meta", "types": "types", "resource": "resource", "intstr": "intstr"}

# Types whose JSON form comes from their own MarshalJSON/UnmarshalJSON: the table names them by kind.
SPECIAL = {
    "resource.Quantity": ("quantity", "resource.Quantity"),
    "intstr.IntOrString": ("intorstring", "intstr.IntOrString"),
    "meta.Time": ("time", "v1.Time"),
    "meta.MicroTime": ("microtime", "v1.MicroTime"),
    "meta.FieldsV1": ("rawjson", "v1.FieldsV1"),
    "meta.Duration": ("duration", "v1.Duration"),
}

BUILTIN = {"bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
           "uint64", "float32", "float64", "byte"}

# The roots: everything reachable from them is written.
ROOTS = ["core.Pod", "meta.TypeMeta", "types.NamespacedName"]


def git_show(repo, path, tag):
    return subprocess.run(["git", "-C", repo, "show", f"{tag}:{path}"], check=True, capture_output=True,
                          text=True).stdout


class Field:
    def __init__(self, go_name, type_expr, tag, markers, embedded):
        self.go_name = go_name
        self.type_expr = type_expr
        self.tag = tag
        self.markers = markers
        self.embedded = embedded


def parse_tag(tag):
    return dict(re.findall(r'(\w+):"([^"]*)"', tag or ""))


def parse_source(text, pkg):
    """Struct and named-type declarations of one Go file: {name: ('struct', [Field]) | ('named', expr)}."""
    decls = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^type (\w+) struct \{\s*$", line)
        if m:
            name = m.group(1)
            fields, markers = [], []
            i += 1
            while not lines[i].startswith("}"):
                raw = lines[i].strip()
                i += 1
                if raw == "":
                    markers = []
                    continue
                if raw.startswith("/*"):
                    while "*/" not in raw:
                        raw = lines[i].strip()
                        i += 1
                    continue
                if raw.startswith("//"):
                    mk = re.match(r"^//\s*\+(\w+)=(.*)$", raw)
                    if mk:
                        markers.append((mk.group(1), mk.group(2).strip()))
                    continue
                fm = re.match(r"^(\w+)\s+([^`\s]+)\s*(`[^`]*`)?\s*(//.*)?$", raw)
                em = re.match(r"^(\*?[\w.]+)\s*(`[^`]*`)?\s*(//.*)?$", raw)
                if fm and not raw.startswith("*"):
                    fields.append(Field(fm.group(1), fm.group(2), parse_tag(fm.group(3)), markers, False))
                elif em:
                    expr = em.group(1)
                    fields.append(Field(expr.lstrip("*").split(".")[-1], expr, parse_tag(em.group(2)), markers,
                                        True))
                else:
                    sys.exit(f"cannot read field of {pkg}.{name}: {raw!r}")
                markers = []
            decls[name] = ("struct", fields)
            i += 1
            continue
        m = re.match(r"^type (\w+) (=\s*)?([^\s{]+)\s*(//.*)?$", line)
        if m and m.group(3) != "struct" and m.group(3) != "interface":
            decls[name_of(m)] = ("named", m.group(3))
        i += 1
    return decls


def name_of(m):
    return m.group(1)


def qualify(expr, pkg):
    """A Go type expression with every named type written as <package id>.<Name>."""
    if expr.startswith("*"):
        return "*" + qualify(expr[1:], pkg)
    if expr.startswith("[]"):
        return "[]" + qualify(expr[2:], pkg)
    if expr.startswith("map["):
        depth, j = 0, 3
        while True:
            if expr[j] == "[":
                depth += 1
            elif expr[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        return "map[" + qualify(expr[4:j], pkg) + "]" + qualify(expr[j + 1:], pkg)
    if expr in BUILTIN:
        return expr
    if "." in expr:
        alias, name = expr.split(".", 1)
        if alias not in IMPORTS:
            sys.exit(f"unknown package {alias} in {expr}")
        return IMPORTS[alias] + "." + name
    return pkg + "." + expr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tag", default=TAG)
    ap.add_argument("--api", default=API_REPO)
    ap.add_argument("--machinery", default=MACHINERY_REPO)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    decls, display = {}, {}
    for pkg, repo, path, go_pkg in SOURCES:
        text = git_show(args.api if repo == "api" else args.machinery, path, args.tag)
        for name, decl in parse_source(text, pkg).items():
            decls[f"{pkg}.{name}"] = (pkg, decl)
            display[f"{pkg}.{name}"] = f"{go_pkg}.{name}"

    structs, named, order, specials = {}, {}, [], set()

    def visit_expr(expr):
        while True:
            if expr.startswith("*"):
                expr = expr[1:]
            elif expr.startswith("[]"):
                expr = expr[2:]
            elif expr.startswith("map["):
                k, v = split_map(expr)
                visit_expr(k)
                expr = v
            else:
                break
        if expr in SPECIAL:
            specials.add(expr)
            return
        if expr in BUILTIN:
            return
        visit(expr)

    def visit(tid):
        if tid in structs or tid in named:
            return
        if tid not in decls:
            sys.exit(f"type {tid} is not declared in the sources")
        pkg, (kind, body) = decls[tid]
        if kind == "named":
            named[tid] = qualify(body, pkg)
            order.append(tid)
            visit_expr(named[tid])
            return
        structs[tid] = []
        order.append(tid)
        for f in body:
            json_name = f.tag.get("json")
            if json_name is None and not f.embedded:
                json_name = f.go_name
            if json_name is not None and json_name.split(",")[0] == "-" and "," not in json_name:
                continue  # json:"-": never marshalled
            structs[tid].append((f, qualify(f.type_expr, pkg)))
            visit_expr(qualify(f.type_expr, pkg))

    for root in ROOTS:
        visit(root)

    out = []
    out.append(f"# k8s.io/api {args.tag} core/v1/types.go; k8s.io/apimachinery {args.tag} pkg/apis/meta/v1/types.go,")
    out.append("# pkg/types/uid.go, pkg/types/namespacedname.go. Written by tools/kube-schema/generate.py; do not edit.")
    for sid, (kind, goname) in SPECIAL.items():
        if sid in specials:
            out.append(f"X\t{sid}\t{goname}\t{kind}")
    for tid in order:
        if tid in named:
            out.append(f"N\t{tid}\t{display[tid]}\t{named[tid]}")
            continue
        out.append(f"S\t{tid}\t{display[tid]}")
        for f, expr in structs[tid]:
            json_tag = f.tag.get("json")
            if json_tag is None:
                json_name, opts = ("" if f.embedded else f.go_name), []
            else:
                parts = json_tag.split(",")
                json_name, opts = parts[0], parts[1:]
                if json_name == "" and not f.embedded:
                    json_name = f.go_name
            flags = []
            if "omitempty" in opts:
                flags.append("omitempty")
            if "omitzero" in opts:
                flags.append("omitzero")
            if "string" in opts:
                sys.exit(f"{tid}.{f.go_name}: the ,string option is not supported by the table")
            if f.embedded:
                flags.append("embedded")
            strategy = f.tag.get("patchStrategy")
            if strategy:
                flags.append("patchStrategy=" + strategy)
            key = f.tag.get("patchMergeKey")
            if key:
                flags.append("patchMergeKey=" + key)
            list_type = [v for k, v in f.markers if k == "listType"]
            if list_type:
                flags.append("listType=" + list_type[-1])
            map_keys = [v for k, v in f.markers if k == "listMapKey"]
            if map_keys:
                flags.append("listMapKey=" + ",".join(map_keys))
            out.append("F\t{}\t{}\t{}\t{}".format(f.go_name, json_name or "-", expr, " ".join(flags)).rstrip())
    text = "\n".join(out) + "\n"

    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("// <auto-generated> by tools/kube-schema/generate.py from k8s.io/api and k8s.io/apimachinery "
                 f"{args.tag}; do not edit. </auto-generated>\n")
        fh.write("namespace Injector.Kube.Schema;\n\n")
        fh.write("internal static class KubeSchemaTable\n{\n")
        fh.write("    /// <summary>One declaration a line, tab-separated (see <see cref=\"KubeSchemaReader\"/>).</summary>\n")
        fh.write('    public static ReadOnlySpan<byte> Text => """\n')
        fh.write(text)
        fh.write('"""u8;\n}\n')
    print(f"{len(structs)} structs, {len(named)} named types, "
          f"{sum(len(v) for v in structs.values())} fields -> {args.out}", file=sys.stderr)


def split_map(expr):
    depth, j = 0, 3
    while True:
        if expr[j] == "[":
            depth += 1
        elif expr[j] == "]":
            depth -= 1
            if depth == 0:
                break
        j += 1
    return expr[4:j], expr[j + 1:]


if __name__ == "__main__":
    main()
