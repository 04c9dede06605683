"""Fill empty msgstr entries of a .po file from JSON tables {msgid: msgstr | [singular, plural]}.

Usage: python scripts/po_fill.py path/to/django.po table.json [more.json ...]; prints the msgids still empty.
"""
import json, sys

def unquote(lines):
    return "".join(json.loads(l) for l in lines)

def quote(s):
    return json.dumps(s, ensure_ascii=False)

def fill(path, table, show=True):
    text = open(path, encoding="utf-8").read()
    entries = text.split("\n\n")
    out, missing = [], []
    for e in entries:
        lines = e.split("\n")
        def grab(key):
            i = next((k for k, l in enumerate(lines) if l.startswith(key + " ")), None)
            if i is None: return None, None, None
            vals = [lines[i][len(key) + 1:]]
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                vals.append(lines[j]); j += 1
            return i, j, unquote(vals)
        i, j, msgid = grab("msgid")
        if msgid is None or msgid == "":
            out.append(e); continue
        pi, pj, plural = grab("msgid_plural")
        fuzzy = any(l.startswith("#,") and "fuzzy" in l for l in lines)
        if plural is None:
            si, sj, msgstr = grab("msgstr")
            if (msgstr == "" or fuzzy) and msgid in table:
                lines = lines[:si] + ["msgstr " + quote(table[msgid])] + lines[sj:]
                lines = [l for l in lines if not (l.startswith("#,") and "fuzzy" in l)]
            elif msgstr == "" and msgid not in table:
                missing.append(msgid)
        else:
            s0, e0, m0 = grab("msgstr[0]")
            s1, e1, m1 = grab("msgstr[1]")
            if (m0 == "" or fuzzy) and msgid in table:
                sing, plur = table[msgid]
                lines = lines[:s0] + ["msgstr[0] " + quote(sing), "msgstr[1] " + quote(plur)] + lines[e1:]
                lines = [l for l in lines if not (l.startswith("#,") and "fuzzy" in l)]
            elif m0 == "" and msgid not in table:
                missing.append(msgid)
        out.append("\n".join(lines))
    open(path, "w", encoding="utf-8").write("\n\n".join(out))
    if show:
        for m in missing: print(json.dumps(m, ensure_ascii=False))
    return missing

if __name__ == "__main__":
    table = {}
    for f in sys.argv[2:]:
        table.update(json.load(open(f, encoding="utf-8")))
    fill(sys.argv[1], table)
