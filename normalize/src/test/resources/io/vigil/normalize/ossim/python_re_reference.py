# -*- coding: utf-8 -*-
# Reference matcher for PythonComparisonTest: compiles regexps the way the OSSIM agent does
# (re.IGNORECASE | re.UNICODE, searched with re.search) and reports every match of every
# pattern on every line, with the groups by number and by name.
#
# Runs under Python 2.7 (the agent's Python: patterns are used as they are) and under Python 3.
# Python 3's re differs from Python 2's in ways this script undoes before compiling:
#   - an escaped ASCII letter that is no escape sequence in Python 2 (\T, \i, \_... and
#     \u \U \N, which Python 3 reads as character escapes) is that letter in Python 2 and an
#     error (or something else) in Python 3.7+: the backslash is dropped;
#   - inside a character class Python 2 also takes \A \B \Z as letters: same;
#   - global inline flags such as (?i) may appear anywhere in Python 2; Python 3.11 wants them
#     at the start: they are moved there.
# Arguments: input JSON {"patterns": [...], "lines": [...], "common": [line indexes tried with
# every pattern], "extra": [[more line indexes] per pattern], "timeout": seconds per search},
# then the first and the end index of the patterns this process handles.
# Output (stdout): JSON lines, one per pattern: {"p": index, "error": message} or
# {"p": index, "m": [[line, [groups], {name: value}], ...], "t": [lines whose search timed out]}.
# The time limit interrupts a search only where re checks for signals (Python 3); Python 2
# finishes the search and then reports it as timed out.
import io
import json
import re
import signal
import sys

PY3 = sys.version_info[0] >= 3
KNOWN_OUTSIDE = set("abfnrtvAbBdDsSwWZx0123456789")
KNOWN_INSIDE = set("abfnrtvdDsSwWx0123456789")
FLAG_RE = re.compile(r"\(\?([iLmsux]+)\)")


def py2_semantics(pattern):
    out = []
    flags = []
    i = 0
    n = len(pattern)
    in_class = False
    class_start = -1
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            known = KNOWN_INSIDE if in_class else KNOWN_OUTSIDE
            if (("a" <= e <= "z") or ("A" <= e <= "Z")) and e not in known:
                out.append(e)
            else:
                out.append(c + e)
            i += 2
            continue
        if in_class:
            if c == "]" and i > class_start:
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            class_start = j  # a ']' right after '[' or '[^' is a literal
            out.append(pattern[i:j])
            i = j
            continue
        if c == "(":
            m = FLAG_RE.match(pattern, i)
            if m:
                flags.append(m.group(1))
                i = m.end()
                continue
        out.append(c)
        i += 1
    body = "".join(out)
    if flags:
        body = "(?" + "".join(flags) + ")" + body
    return body


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def main():
    with io.open(sys.argv[1], "r", encoding="utf-8") as f:
        data = json.load(f)
    first, end = int(sys.argv[2]), int(sys.argv[3])
    lines = data["lines"]
    common = data["common"]
    extra = data["extra"]
    limit = float(data.get("timeout", 2.0))
    signal.signal(signal.SIGALRM, on_alarm)
    write = sys.stdout.write
    for pi in range(first, end):
        pattern = data["patterns"][pi]
        try:
            source = py2_semantics(pattern) if PY3 else pattern
            rx = re.compile(source, re.IGNORECASE | re.UNICODE)
        except Exception as e:
            write(json.dumps({"p": pi, "error": str(e)}) + "\n")
            continue
        found = []
        timed_out = []
        for li in sorted(set(common) | set(extra[pi])):
            try:
                signal.setitimer(signal.ITIMER_REAL, limit)
                m = rx.search(lines[li])
                signal.setitimer(signal.ITIMER_REAL, 0)
            except Timeout:
                timed_out.append(li)
                continue
            if m is not None:
                found.append([li, list(m.groups()), m.groupdict()])
        write(json.dumps({"p": pi, "m": found, "t": timed_out}) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
