// Renders the network sections: per environment the proxies (host, TLS, endpoints), the
// go command's verdict per module, direct origins and the checksum database; and the
// `sumdb verify` summary. Text, markdown and JSON; every string is redacted.
#pragma once

#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/net.h"
#include "report/writer.h"

namespace godiag::report {

void WriteNetText(const core::NetCheck& n, const WriterOptions& o, std::ostream& out);
/// Every environment; one whose answers equal the first's is said in one line (unless -v).
void WriteNetTextAll(const std::vector<core::NetCheck>& all, const WriterOptions& o, std::ostream& out);
void WriteNetMarkdown(const core::NetCheck& n, std::ostream& out);
nlohmann::json NetJson(const core::NetCheck& n);

void WriteSumDbVerifyText(const core::SumDbVerify& v, const WriterOptions& o, std::ostream& out);
void WriteSumDbVerifyMarkdown(const core::SumDbVerify& v, std::ostream& out);
nlohmann::json SumDbVerifyJson(const core::SumDbVerify& v);

}  // namespace godiag::report
