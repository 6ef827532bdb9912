// RealHttpClient: libcurl's multi interface for http:// and https://, POSIX reads for file://
// (real_file_fetch_posix.cc).
//
// One Fetch owns one CURLM; every request is a Transfer whose easy handle is configured anew
// for each hop (real_curl_transfer.cc). libcurl never follows redirects itself: a 3xx hop
// finishes, is checked the way the go command's http.Client checks it (at most 10, never
// https -> http, credentials only to the original host) and the same handle restarts on the
// target. When the chain is wanted but the hop did not show it (a verification failure, or a
// reused connection), one more connect-only handshake with verification off reads the
// certificates the server presents.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "platform/curl_transfer_internal.h"
#include "platform/file_fetch.h"
#include "platform/http_url_text.h"
#include "platform/real_http_client.h"

namespace godiag::platform {

namespace {

using detail::ConfigureHop;
using detail::FetchFile;
using detail::InfoUs;
using detail::IsFileUrl;
using detail::IsRedirectStatus;
using detail::ProxyWasUsed;
using detail::ReadCertChain;
using detail::ReadHopInfo;
using detail::RedactUserinfo;
using detail::ResolveLocation;
using detail::Scheme;
using detail::Scrubbed;
using detail::SecretsOf;
using detail::SetCurlError;
using detail::Stage;
using detail::StartNewHop;
using detail::Transfer;
using detail::UrlHost;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMaxRedirects = 10;
constexpr std::chrono::milliseconds kPollSlice{20};  // longest curl_multi_poll wait: the deadline's precision

struct MultiCleanup {
  void operator()(CURLM* m) const { curl::multi_cleanup(m); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;

// ---------------------------------------------------------------------------------------------
// The batch: all network requests of one Fetch

class Batch {
 public:
  Batch(const HttpTransport& transport, SteadyClock::time_point start, std::function<void()> on_finish)
      : transport_(transport), start_(start), on_finish_(std::move(on_finish)), multi_(curl::multi_init()) {
    if (!multi_) return;
    curl::multi_setopt(multi_.get(), CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
    if (transport.max_per_host > 0) {
      curl::multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(transport.max_per_host));
    }
  }
  ~Batch() {
    for (auto& t : transfers_) Detach(*t);
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void Start(const HttpRequest& request, HttpResponse& response);
  void Run(SteadyClock::time_point deadline, std::chrono::milliseconds timeout);

 private:
  void Launch(Transfer& t);
  void Detach(Transfer& t);
  void Fail(Transfer& t, NetError error, const std::string& text);
  void Finish(Transfer& t);
  void Drain();
  void OnHopDone(Transfer& t, CURLcode code);
  void FollowRedirect(Transfer& t, const std::string& location);
  void AfterResponse(Transfer& t);
  void ExpireUnfinished(NetError error, const std::string& text);

  const HttpTransport& transport_;
  const SteadyClock::time_point start_;
  std::function<void()> on_finish_;
  MultiHandle multi_;                               // declared before the transfers: outlives them
  std::vector<std::unique_ptr<Transfer>> transfers_;
  size_t active_ = 0;
};

void Batch::Start(const HttpRequest& request, HttpResponse& response) {
  auto t = std::make_unique<Transfer>();
  t->request = &request;
  t->response = &response;
  t->secrets = SecretsOf(request, transport_);
  t->url = request.url;
  t->origin_host = UrlHost(request.url);
  response.final_url = request.url;
  t->easy.reset(curl::easy_init());
  Transfer& ref = *t;
  transfers_.push_back(std::move(t));
  ++active_;
  if (!multi_ || !ref.easy) return Fail(ref, NetError::kOther, "libcurl could not create a handle");
  Launch(ref);
}

/// (Re)configures the easy handle for the transfer's stage and hands it to the multi handle.
void Batch::Launch(Transfer& t) {
  Detach(t);
  ConfigureHop(t, transport_);
  if (curl::multi_add_handle(multi_.get(), t.easy.get()) != CURLM_OK) {
    // Without the probe the answer stands, only its chain is missing.
    if (t.stage == Stage::kChain) return Finish(t);
    return Fail(t, NetError::kOther, "libcurl refused another transfer");
  }
  t.in_multi = true;
}

void Batch::Detach(Transfer& t) {
  if (t.in_multi) curl::multi_remove_handle(multi_.get(), t.easy.get());
  t.in_multi = false;
}

void Batch::Fail(Transfer& t, NetError error, const std::string& text) {
  HttpResponse& r = *t.response;
  r.status = 0;
  r.reason.clear();
  r.error = error;
  r.error_text = Scrubbed(text, t.secrets);
  Finish(t);
}

void Batch::Finish(Transfer& t) {
  if (t.stage == Stage::kDone) return;
  Detach(t);  // also closes a connect-only connection
  HttpResponse& r = *t.response;
  if (t.request->spool && r.error == NetError::kNone && r.body_bytes > 0) {
    std::string why;
    r.spooled = t.spool.Map(&why);
    if (!r.spooled) {
      r.error = NetError::kOther;
      r.error_text = why;
    }
  }
  t.stage = Stage::kDone;
  --active_;
  if (on_finish_) on_finish_();
}

void Batch::Run(SteadyClock::time_point deadline, std::chrono::milliseconds timeout) {
  while (active_ > 0) {
    int running = 0;
    CURLMcode mc = curl::multi_perform(multi_.get(), &running);
    if (mc != CURLM_OK) return ExpireUnfinished(NetError::kOther, curl::multi_strerror(mc));
    Drain();
    if (active_ == 0) return;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) break;
    int wait_ms = static_cast<int>(std::min(left, kPollSlice).count());
    mc = curl::multi_poll(multi_.get(), nullptr, 0, wait_ms, nullptr);
    if (mc != CURLM_OK) return ExpireUnfinished(NetError::kOther, curl::multi_strerror(mc));
  }
  if (active_ > 0) {
    ExpireUnfinished(NetError::kTimeout,
                     "no complete answer within the deadline of " + std::to_string(timeout.count()) + " ms");
  }
}

void Batch::Drain() {
  int queued = 0;
  while (CURLMsg* msg = curl::multi_info_read(multi_.get(), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;  // copied out: msg dies when its handle is removed
    CURLcode code = msg->data.result;
    char* priv = nullptr;
    curl::easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    if (priv != nullptr) OnHopDone(*reinterpret_cast<Transfer*>(priv), code);
  }
}

void Batch::OnHopDone(Transfer& t, CURLcode code) {
  HttpResponse& r = *t.response;
  CURL* e = t.easy.get();
  if (t.stage == Stage::kChain) {
    if (code == CURLE_OK) r.chain = ReadCertChain(e);
    return Finish(t);
  }
  t.finished_hops_us += InfoUs(e, CURLINFO_TOTAL_TIME_T);
  ReadHopInfo(e, r);
  r.total_ms = static_cast<double>(t.finished_hops_us) / 1000.0;
  r.used_proxy = ProxyWasUsed(t) ? RedactUserinfo(t.proxy) : "";
  if (t.request->capture_chain) r.chain = ReadCertChain(e);
  if (!t.spool_error.empty()) return Fail(t, NetError::kOther, t.spool_error);
  if (code != CURLE_OK) {
    SetCurlError(t, code);
    return AfterResponse(t);
  }
  long status = 0;
  curl::easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  r.status = static_cast<int>(status);
  auto location = r.headers.find("location");
  if (t.request->follow_redirects && IsRedirectStatus(status) && location != r.headers.end()) {
    return FollowRedirect(t, location->second);
  }
  AfterResponse(t);
}

void Batch::FollowRedirect(Transfer& t, const std::string& location) {
  HttpResponse& r = *t.response;
  std::optional<std::string> target = ResolveLocation(t.url, location);
  if (!target) return Fail(t, NetError::kOther, "invalid redirect location \"" + location + "\"");
  if (Scheme(t.url) == "https" && Scheme(*target) != "https") {
    return Fail(t, NetError::kInsecureRedirect,
                "redirected from secure URL " + RedactUserinfo(t.url) + " to insecure URL " + RedactUserinfo(*target));
  }
  if (r.redirects.size() >= kMaxRedirects) {
    return Fail(t, NetError::kTooManyRedirects, "stopped after " + std::to_string(kMaxRedirects) + " redirects");
  }
  r.redirects.push_back(*target);
  r.final_url = *target;
  t.url = *target;
  StartNewHop(r);
  Launch(t);
}

void Batch::AfterResponse(Transfer& t) {
  const HttpResponse& r = *t.response;
  bool want_chain = t.request->capture_chain && r.chain.empty() && Scheme(t.url) == "https" &&
                    (r.error == NetError::kNone || r.error == NetError::kTlsVerify);
  if (!want_chain) return Finish(t);
  t.stage = Stage::kChain;
  Launch(t);
}

void Batch::ExpireUnfinished(NetError error, const std::string& text) {
  const double elapsed_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start_).count();
  for (auto& t : transfers_) {
    if (t->stage == Stage::kDone) continue;
    if (t->stage == Stage::kChain) {  // the answer is complete; only the chain is missing
      Finish(*t);
      continue;
    }
    HttpResponse& r = *t->response;
    ReadHopInfo(t->easy.get(), r);  // partial headers and body stay
    r.total_ms = elapsed_ms;
    r.used_proxy = ProxyWasUsed(*t) ? RedactUserinfo(t->proxy) : "";
    Fail(*t, error, text);
  }
}

}  // namespace

const char* NetErrorName(NetError e) {
  switch (e) {
    case NetError::kNone: return "none";
    case NetError::kDns: return "dns";
    case NetError::kConnect: return "connect";
    case NetError::kTlsHandshake: return "tls-handshake";
    case NetError::kTlsVerify: return "tls-verify";
    case NetError::kTimeout: return "timeout";
    case NetError::kReset: return "reset";
    case NetError::kInsecureRedirect: return "insecure-redirect";
    case NetError::kTooManyRedirects: return "too-many-redirects";
    case NetError::kProxy: return "proxy";
    case NetError::kFile: return "file";
    case NetError::kOther: return "other";
  }
  return "other";
}

std::vector<HttpResponse> RealHttpClient::Fetch(const std::vector<HttpRequest>& requests,
                                                const HttpTransport& transport, std::chrono::milliseconds timeout,
                                                const HttpProgress& progress) const {
  const SteadyClock::time_point start = SteadyClock::now();
  std::vector<HttpResponse> responses(requests.size());
  size_t done = 0;
  auto tick = [&] {
    ++done;
    if (progress) progress(done, requests.size());
  };
  std::vector<size_t> network;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!IsFileUrl(requests[i].url)) {
      network.push_back(i);
      continue;
    }
    FetchFile(requests[i], responses[i]);
    tick();
  }
  if (network.empty()) return responses;
  if (curl::Load() == nullptr) {
    for (size_t i : network) {
      responses[i].error = NetError::kOther;
      responses[i].error_text = "libcurl is not available: " + curl::LoadError();
      tick();
    }
    return responses;
  }
  Batch batch(transport, start, tick);
  for (size_t i : network) batch.Start(requests[i], responses[i]);
  batch.Run(start + timeout, timeout);
  return responses;
}

void RealHttpClient::Warm() const { curl::Preload(); }

}  // namespace godiag::platform
