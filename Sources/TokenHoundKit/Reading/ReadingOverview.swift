// Reading layer overview (kept as comments so SwiftPM needs no resource rule).
//
// # Reading layer: paths -> bytes -> (gzip) -> CSV records
//
// | Type | Role |
// |---|---|
// | `InputFile`, `InputDiscovery.expand(_:maxFiles:)` | command-line paths to a sorted, de-duplicated file list (`-` = stdin; directories walked recursively, hidden entries skipped, symlink loops cut) plus `InputDiagnostic`s (missing path, too many files) |
// | `DecodedByteStream` | one input as decoded chunks: gzip (magic `1f 8b`, multi-member, zero padding) through zlib, anything else passed through; `ReadLimits` (ratio and size guards against gzip bombs) |
// | `ReadError` | open/read failure, truncated or corrupt gzip, trailing garbage, limit exceeded; each with `path`, `byteOffset` (in the file as stored), `message` and `diagnostic` |
// | `CSVRecordReader` | streaming RFC 4180 reader producing `CSVRecord` views; `CSVLimits`, `CSVIssue` |
// | `CSVFileReader.read(_:readLimits:csvLimits:onRecord:)` | both of the above for one input, returning a `CSVFileSummary` (counts, gzip flag, empty input, diagnostics) |
// | `GzipEncoder` | streaming gzip writer (tests, benchmark input, tools) |
//
// ## Guarantees callers rely on
// - Errors come after the data: every byte decoded before damage is returned by earlier `next()` calls;
//   `CSVFileReader` delivers every complete record before a read error and drops (never half-emits) a
//   record the error cut off.
// - Records do not depend on chunking: the same records, fields, lines and issues whatever the chunk
//   sizes (property-tested at every split point against a reference parser).
// - `CSVRecord.line` is the physical line where the record starts (LF, CRLF, lone CR each end a line,
//   inside quotes too). Empty lines are not records. A BOM at the very start is dropped.
// - Lenient where real files are messy: a quote inside an unquoted field is kept; text after a closing
//   quote (`"ab"c`) is kept (`abc`) with an issue; invalid UTF-8 is carried as bytes.
// - Over-limit records (field > 1 MiB, record > 8 MiB unescaped, > 4096 fields) are skipped with an
//   issue and reading goes on; the first 100 issues are kept, the rest counted.
// - A `CSVRecord` is valid only inside its callback (spans point into the chunk or a reused buffer).
//
// ## Speed (one core, release build, `tokenhound-readbench`)
// Zero-copy fast path for records wholly inside a chunk (SWAR scan 8 bytes at a time); records with
// doubled quotes inside a chunk are copied by a second tight loop; only records straddling chunks or
// holding quoted newlines / malformed quoting use the resumable byte-state path. Inflate (zlib 1.2.13,
// CRC checked) dominates the gzip case. Run:
//
//     swift build -c release --product tokenhound-readbench
//     .build/release/tokenhound-readbench --generate /tmp/elf.csv.gz --megabytes 300
//     .build/release/tokenhound-readbench --runs 5 /tmp/elf.csv.gz
