// libcurl, loaded on first use instead of at start-up. With the ~30 libraries it depends on
// (TLS, Kerberos, LDAP, SSH, IDN, ...) it costs ~4 ms of every godiag start, and only the
// network commands need it. The functions keep libcurl's names and types, less the `curl_`
// prefix: curl::easy_setopt(...). Private to platform/real_*.cc: this header includes <curl/curl.h>.
#pragma once

#include <curl/curl.h>

#include <string>

namespace godiag::platform::curl {

/// libcurl's entry points that godiag uses, resolved from libcurl.so.4.
struct Api {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_free) free;
  decltype(&::curl_multi_init) multi_init;
  decltype(&::curl_multi_cleanup) multi_cleanup;
  decltype(&::curl_multi_setopt) multi_setopt;
  decltype(&::curl_multi_add_handle) multi_add_handle;
  decltype(&::curl_multi_remove_handle) multi_remove_handle;
  decltype(&::curl_multi_perform) multi_perform;
  decltype(&::curl_multi_poll) multi_poll;
  decltype(&::curl_multi_info_read) multi_info_read;
  decltype(&::curl_multi_strerror) multi_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_cleanup) url_cleanup;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
};

/// Loads libcurl and runs curl_global_init, once per process (thread-safe; a concurrent caller
/// waits). nullptr when it cannot be loaded; LoadError() then says why.
const Api* Load();
const std::string& LoadError();

/// Starts Load() on a background thread, to overlap it with work that does not need it.
void Preload();

// The calls. Each requires a successful Load().
inline CURL* easy_init() { return Load()->easy_init(); }
inline void easy_cleanup(CURL* e) { Load()->easy_cleanup(e); }
inline void easy_reset(CURL* e) { Load()->easy_reset(e); }
template <class T>
CURLcode easy_setopt(CURL* e, CURLoption option, T value) {
  return Load()->easy_setopt(e, option, value);
}
template <class T>
CURLcode easy_getinfo(CURL* e, CURLINFO info, T* out) {
  return Load()->easy_getinfo(e, info, out);
}
inline const char* easy_strerror(CURLcode code) { return Load()->easy_strerror(code); }
inline void free(void* p) { Load()->free(p); }
inline CURLM* multi_init() { return Load()->multi_init(); }
inline CURLMcode multi_cleanup(CURLM* m) { return Load()->multi_cleanup(m); }
template <class T>
CURLMcode multi_setopt(CURLM* m, CURLMoption option, T value) {
  return Load()->multi_setopt(m, option, value);
}
inline CURLMcode multi_add_handle(CURLM* m, CURL* e) { return Load()->multi_add_handle(m, e); }
inline CURLMcode multi_remove_handle(CURLM* m, CURL* e) { return Load()->multi_remove_handle(m, e); }
inline CURLMcode multi_perform(CURLM* m, int* running) { return Load()->multi_perform(m, running); }
inline CURLMcode multi_poll(CURLM* m, curl_waitfd* fds, unsigned n, int timeout_ms, int* ret) {
  return Load()->multi_poll(m, fds, n, timeout_ms, ret);
}
inline CURLMsg* multi_info_read(CURLM* m, int* queued) { return Load()->multi_info_read(m, queued); }
inline const char* multi_strerror(CURLMcode code) { return Load()->multi_strerror(code); }
inline curl_slist* slist_append(curl_slist* list, const char* s) { return Load()->slist_append(list, s); }
inline void slist_free_all(curl_slist* list) { Load()->slist_free_all(list); }
inline CURLU* url() { return Load()->url(); }
inline void url_cleanup(CURLU* u) { Load()->url_cleanup(u); }
inline CURLUcode url_set(CURLU* u, CURLUPart part, const char* content, unsigned flags) {
  return Load()->url_set(u, part, content, flags);
}
inline CURLUcode url_get(CURLU* u, CURLUPart part, char** out, unsigned flags) {
  return Load()->url_get(u, part, out, flags);
}

}  // namespace godiag::platform::curl
