#!/usr/bin/env python3
"""Where the full path's CPU goes, by stage, from async-profiler's collapsed stacks.

    bench/profile-stages.py PROFILE.collapsed [OTHER.collapsed]

Each stage's share is inclusive: the samples whose stack holds one of its frames. Stages
overlap (a refresh flushes segments; correlation runs Sigma), so the shares do not add up
to 100%. With two profiles (before, after), both columns are shown.
"""
import collections
import sys

# (stage, frame substrings): a sample counts for the stage when any frame contains one of them
STAGES = [
    ("receive (Netty, syslog framing)", ["io/netty/", "io/vigil/syslog/Syslog"]),
    ("journal", ["io/vigil/journal/"]),
    ("normalize", ["NormalizationEngine.normalize"]),
    ("  plugin rules", ["NormalizationEngine.match"]),
    ("  the learned guess's rules", ["NormalizationEngine.matchSpecific"]),
    ("  decoders (kv, json, cef, ...)", ["io/vigil/normalize/decode/Decoders.apply"]),
    ("correlate (reorder, directives, Sigma, alarms)", ["io/vigil/server/Correlator.correlate"]),
    ("  directives", ["io/vigil/correlate/engine/DirectiveEngine.offer"]),
    ("  Sigma", ["io/vigil/sigma/engine/SigmaEngine.process", "io/vigil/sigma/engine/SigmaEngine.detect", "io/vigil/sigma/engine/SigmaEngine.apply"]),
    ("  Sigma log source of the event", ["io/vigil/sigma/engine/SigmaMapping.classify"]),
    ("  alarms to the state store", ["io/vigil/state/AlarmRepository"]),
    ("state store (H2, all)", ["org/h2/"]),
    ("store: building blocks (terms, JSON)", ["io/vigil/store/EventBlock.add"]),
    ("  events' stored form", ["io/vigil/store/StoredEvent.write", "io/vigil/store/EventJson.write"]),
    ("  recent ids", ["io/vigil/store/RecentIds"]),
    ("store: Lucene indexing a block", ["org/apache/lucene/index/IndexingChain.processDocument"]),
    ("  stored fields (LZ4)", ["Lucene90CompressingStoredFieldsWriter.finishDocument"]),
    ("  block file (LZ4, write)", ["io/vigil/store/BlockFile.frame", "io/vigil/store/BlockFile.append"]),
    ("store: segment flushes", ["DocumentsWriterPerThread.flush"]),
    ("store: refresh (reopening readers)", ["IndexWriter.getReader", "DirectoryReader.openIfChanged"]),
    ("store: commit", ["IndexWriter.commit", "IndexWriter.prepareCommit"]),
    ("store: merges", ["IndexWriter.merge"]),
    ("JIT compilers", ["CompileBroker"]),
    ("garbage collector", ["G1", "GCTaskThread", "WorkerThread::run"]),
]


def load(path):
    total = 0
    per = collections.Counter()
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip().rpartition(" ")
            if not stack:
                continue
            n = int(count)
            total += n
            for stage, marks in STAGES:
                if any(m in stack for m in marks):
                    per[stage] += n
    return total, per


def main(paths):
    profiles = [load(p) for p in paths]
    print("samples: " + ", ".join(f"{t} ({p})" for (t, _), p in zip(profiles, paths)))
    for stage, _ in STAGES:
        cols = "  ".join(f"{100 * per[stage] / total:5.1f}%" if total else "    -" for total, per in profiles)
        print(f"{cols}  {stage}")


if __name__ == "__main__":
    if not 1 <= len(sys.argv) - 1 <= 2:
        sys.exit(__doc__.strip())
    main(sys.argv[1:])
