// Reads the header row of a CSV file from its first bytes, as PostgreSQL's
// COPY … CSV HEADER writes it (quotes, doubled quotes, CRLF, a UTF-8 BOM), with
// the delimiter sniffed: ',', tab, ';' or '|'.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace delta_arc::lineage {

// The column names of the first record, or nullopt when `start` holds no complete
// record (the header is longer than what was read). `whole_object` says `start` is
// the whole file, so its end also ends the record. The delimiter is the candidate
// seen most often outside quotes in that record (',' on a tie or when none is seen).
std::optional<std::vector<std::string>> ParseCsvHeader(const std::string& start, bool whole_object);

}  // namespace delta_arc::lineage
