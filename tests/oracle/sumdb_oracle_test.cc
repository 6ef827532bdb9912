// godiag's checksum-database codecs against golang.org/x/mod/sumdb/tlog and sumdb/note
// (tests/oracle/go/tlog.go) on generated trees, tile paths and damaged notes.
#include <gtest/gtest.h>

#include <random>

#include "codec/sumdb_note.h"
#include "codec/tlog.h"
#include "codec/go_sumdb.h"
#include "oracle_client.h"

namespace godiag::oracle {
namespace {

using nlohmann::json;

struct MemLog {
  std::vector<codec::TlogHash> stored;
  codec::HashReader Reader() const {
    return [this](const std::vector<int64_t>& idx) -> core::Expected<std::vector<codec::TlogHash>> {
      std::vector<codec::TlogHash> out;
      for (int64_t i : idx) out.push_back(stored.at(static_cast<size_t>(i)));
      return out;
    };
  }
};

std::vector<std::string> B64(const codec::Proof& p) {
  std::vector<std::string> out;
  for (const auto& h : p) out.push_back(codec::HashBase64(h));
  return out;
}

TEST(SumDbOracleTest, TreeHashesAndProofsAgreeWithXModTlog) {
  std::mt19937 rng(7);
  json questions = json::array();
  std::vector<std::tuple<int64_t, std::vector<int64_t>, std::vector<std::array<int64_t, 2>>, std::vector<std::array<int64_t, 2>>>> plans;
  for (int64_t n : {1, 2, 3, 7, 8, 9, 64, 100, 257, 1000}) {
    std::vector<int64_t> roots;
    std::vector<std::array<int64_t, 2>> rec, tree;
    for (int i = 0; i < 40; ++i) {
      int64_t t = std::uniform_int_distribution<int64_t>(1, n)(rng);
      roots.push_back(t);
      rec.push_back({t, std::uniform_int_distribution<int64_t>(0, t - 1)(rng)});
      tree.push_back({t, std::uniform_int_distribution<int64_t>(1, t)(rng)});
    }
    plans.emplace_back(n, roots, rec, tree);
    questions.push_back({{"kind", "tlog"}, {"n", n}, {"prefix", "rec-"}, {"roots", roots}, {"recordproofs", rec}, {"treeproofs", tree}});
  }
  ORACLE_ANSWERS(answers, questions);
  size_t compared = 0;
  for (size_t q = 0; q < plans.size(); ++q) {
    const auto& [n, roots, rec, tree] = plans[q];
    MemLog log;
    for (int64_t i = 0; i < n; ++i) {
      auto add = codec::StoredHashesForRecordHash(i, codec::RecordHash("rec-" + std::to_string(i)), log.Reader());
      ASSERT_TRUE(add.has_value());
      log.stored.insert(log.stored.end(), add->begin(), add->end());
    }
    const json& a = answers[q];
    ASSERT_EQ(static_cast<int64_t>(log.stored.size()), a["stored"].get<int64_t>());
    for (size_t i = 0; i < roots.size(); ++i, ++compared) {
      EXPECT_EQ(codec::HashBase64(*codec::TreeHash(roots[i], log.Reader())), a["roots"][i].get<std::string>());
      EXPECT_EQ(B64(*codec::ProveRecord(rec[i][0], rec[i][1], log.Reader())), a["record_proofs"][i].get<std::vector<std::string>>())
          << "record proof t=" << rec[i][0] << " n=" << rec[i][1];
      EXPECT_EQ(B64(*codec::ProveTree(tree[i][0], tree[i][1], log.Reader())), a["tree_proofs"][i].get<std::vector<std::string>>())
          << "tree proof t=" << tree[i][0] << " n=" << tree[i][1];
    }
  }
  EXPECT_EQ(compared, 400u);
}

TEST(SumDbOracleTest, TilePathsAgreeWithXModTlog) {
  std::mt19937 rng(11);
  std::vector<std::string> paths = {"tile/8/0/000", "tile/8/0/x001/234", "tile/8/data/000.p/3", "tile/8/0/001.p/256",
                                    "tile/8/0/001.p/0", "tile/8/0/01", "tile/8/0/x000/001", "tile//0/000", "tile/8/0",
                                    "tile/8/-1/000", "tile/30/63/000", "tile/31/0/000", "tile/8/0/000.p/", "tile/8/0/1000"};
  const std::vector<std::string> parts = {"tile", "/", "8", "0", "data", "x", "001", "234", ".p", "5", "-", "00"};
  for (int i = 0; i < 3000; ++i) {
    codec::Tile t;
    t.h = std::uniform_int_distribution<int>(1, 12)(rng);
    t.l = std::uniform_int_distribution<int>(-1, 5)(rng);
    t.n = std::uniform_int_distribution<int64_t>(0, 5000000000)(rng);
    t.w = std::uniform_int_distribution<int>(1, 1 << t.h)(rng);
    paths.push_back(codec::TilePath(t));
    std::string junk;
    for (int k = std::uniform_int_distribution<int>(1, 9)(rng); k > 0; --k)
      junk += parts[std::uniform_int_distribution<size_t>(0, parts.size() - 1)(rng)];
    paths.push_back(junk);
  }
  json questions = json::array();
  for (const auto& p : paths) questions.push_back({{"kind", "tilepath"}, {"path", p}});
  ORACLE_ANSWERS(answers, questions);
  for (size_t i = 0; i < paths.size(); ++i) {
    auto ours = codec::ParseTilePath(paths[i]);
    const json& a = answers[i];
    if (a.contains("error")) {
      ASSERT_FALSE(ours.has_value()) << paths[i];
      EXPECT_EQ(ours.error().message, a["error"].get<std::string>());
    } else {
      ASSERT_TRUE(ours.has_value()) << paths[i] << ": " << ours.error().message;
      EXPECT_EQ((std::vector<int64_t>{ours->h, ours->l, ours->n, ours->w}),
                (std::vector<int64_t>{a["h"], a["l"], a["n"], a["w"]})) << paths[i];
    }
  }
}

TEST(SumDbOracleTest, NoteOpeningAgreesWithXModNoteOnDamagedNotes) {
  const std::string peter = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  const std::string enoch = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  const std::string signer = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  auto good = codec::SignNote("go.sum database tree\n42\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n", signer);
  ASSERT_TRUE(good.has_value());
  std::mt19937 rng(5);
  std::vector<std::string> msgs = {*good, *good + "\xE2\x80\x94 EnochRoot AAAAAAAAAA==\n",
                                   *good + *good, "x\n\n" + good->substr(good->find("\xE2\x80\x94"))};
  for (int i = 0; i < 1500; ++i) {
    std::string m = *good;
    int edits = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int e = 0; e < edits; ++e) {
      size_t at = std::uniform_int_distribution<size_t>(0, m.size() - 1)(rng);
      switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0: m[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)); break;
        case 1: m.erase(at, 1); break;
        case 2: m.insert(at, 1, "\n +=A\xE2\x94"[std::uniform_int_distribution<int>(0, 7)(rng)]); break;
        default: m.insert(at, m.substr(at, std::min<size_t>(20, m.size() - at))); break;
      }
    }
    msgs.push_back(m);
  }
  json questions = json::array();
  std::vector<std::vector<std::string>> keysets = {{peter}, {peter, enoch}, {enoch}};
  for (size_t i = 0; i < msgs.size(); ++i) {
    // JSON carries text only: damaged bytes that are not UTF-8 go as they are through \u escapes of latin-1.
    questions.push_back({{"kind", "noteopen"}, {"msg", msgs[i]}, {"keys", keysets[i % keysets.size()]}});
  }
  std::vector<json> answers;
  {
    // nlohmann refuses to dump invalid UTF-8; only valid-UTF-8 messages are compared.
    json valid = json::array();
    std::vector<size_t> index;
    for (size_t i = 0; i < questions.size(); ++i) {
      try {
        (void)questions[i].dump();
        valid.push_back(questions[i]);
        index.push_back(i);
      } catch (const json::type_error&) {
      }
    }
    ORACLE_ANSWERS(got, valid);
    answers.assign(questions.size(), json());
    for (size_t k = 0; k < index.size(); ++k) answers[index[k]] = got[k];
    ASSERT_GT(index.size(), 1000u);
  }
  size_t agreed = 0;
  for (size_t i = 0; i < msgs.size(); ++i) {
    if (answers[i].is_null()) continue;
    std::vector<core::VerifierKey> keys;
    for (const auto& k : keysets[i % keysets.size()]) keys.push_back(*codec::ParseVerifierKey(k));
    auto ours = codec::OpenNote(msgs[i], keys);
    const json& a = answers[i];
    if (a.contains("error")) {
      ASSERT_FALSE(ours.has_value()) << json(msgs[i]).dump();
      EXPECT_EQ(ours.error().message, a["error"].get<std::string>()) << json(msgs[i]).dump();
    } else {
      ASSERT_TRUE(ours.has_value()) << json(msgs[i]).dump() << ": " << ours.error().message;
      EXPECT_EQ(ours->text, a["text"].get<std::string>());
      EXPECT_EQ(ours->verified.size(), a["verified"].get<size_t>());
      EXPECT_EQ(ours->unverified.size(), a["unverified"].get<size_t>());
    }
    ++agreed;
  }
  EXPECT_GT(agreed, 1000u);
}

}  // namespace
}  // namespace godiag::oracle
