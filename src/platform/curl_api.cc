#include "platform/curl_api.h"

#include <dlfcn.h>

#include <mutex>
#include <thread>

namespace godiag::platform::curl {

namespace {

// The soname of the libcurl godiag is built against (libcurl4-openssl-dev, the OpenSSL flavour).
constexpr const char* kLibrary = "libcurl.so.4";

struct Loader {
  std::once_flag once;
  Api api{};
  bool ok = false;
  std::string error;

  template <class F>
  bool Resolve(void* lib, F& slot, const char* name) {
    slot = reinterpret_cast<F>(dlsym(lib, name));
    if (slot == nullptr) error = std::string(kLibrary) + " has no " + name + " (libcurl too old?)";
    return slot != nullptr;
  }

  void Run() {
    void* lib = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      error = std::string("cannot load ") + kLibrary + ": " + (why ? why : "unknown error");
      return;
    }
    ok = Resolve(lib, api.global_init, "curl_global_init") && Resolve(lib, api.easy_init, "curl_easy_init") &&
         Resolve(lib, api.easy_cleanup, "curl_easy_cleanup") && Resolve(lib, api.easy_reset, "curl_easy_reset") &&
         Resolve(lib, api.easy_setopt, "curl_easy_setopt") && Resolve(lib, api.easy_getinfo, "curl_easy_getinfo") &&
         Resolve(lib, api.easy_strerror, "curl_easy_strerror") && Resolve(lib, api.free, "curl_free") &&
         Resolve(lib, api.multi_init, "curl_multi_init") && Resolve(lib, api.multi_cleanup, "curl_multi_cleanup") &&
         Resolve(lib, api.multi_setopt, "curl_multi_setopt") &&
         Resolve(lib, api.multi_add_handle, "curl_multi_add_handle") &&
         Resolve(lib, api.multi_remove_handle, "curl_multi_remove_handle") &&
         Resolve(lib, api.multi_perform, "curl_multi_perform") && Resolve(lib, api.multi_poll, "curl_multi_poll") &&
         Resolve(lib, api.multi_info_read, "curl_multi_info_read") &&
         Resolve(lib, api.multi_strerror, "curl_multi_strerror") &&
         Resolve(lib, api.slist_append, "curl_slist_append") &&
         Resolve(lib, api.slist_free_all, "curl_slist_free_all") && Resolve(lib, api.url, "curl_url") &&
         Resolve(lib, api.url_cleanup, "curl_url_cleanup") && Resolve(lib, api.url_set, "curl_url_set") &&
         Resolve(lib, api.url_get, "curl_url_get");
    if (!ok) return;
    if (CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
      ok = false;
      error = std::string("curl_global_init failed: ") + api.easy_strerror(code);
    }
    // The library stays loaded for the life of the process (libcurl cannot be unloaded safely).
  }
};

// Never destroyed (the functions stay usable to the very end of the process).
Loader& TheLoader() {
  static Loader* loader = new Loader;
  return *loader;
}

}  // namespace

const Api* Load() {
  Loader& l = TheLoader();
  std::call_once(l.once, [&l] { l.Run(); });
  return l.ok ? &l.api : nullptr;
}

const std::string& LoadError() {
  Load();
  return TheLoader().error;
}

void Preload() {
  // Joined when the process exits, so that a load still under way never races the teardown.
  struct Joined {
    std::thread thread{[] { Load(); }};
    ~Joined() { thread.join(); }
  };
  static Joined preload;
}

}  // namespace godiag::platform::curl
