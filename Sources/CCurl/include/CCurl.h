// Typed, one-to-one wrappers for libcurl's variadic calls, which Swift cannot import.
// Declarations and forwards only: every decision lives in Swift (DockerEngine).
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

typedef size_t (*CCurl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*CCurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode CCurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CCurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CCurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CCurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
  return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CCurl_easy_setopt_data_callback(CURL *handle, CURLoption option, CCurl_data_callback value) {
  return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CCurl_easy_setopt_xferinfo_callback(CURL *handle, CCurl_xferinfo_callback value) {
  return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode CCurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode CCurl_easy_getinfo_socket(CURL *handle, curl_socket_t *value) {
  return curl_easy_getinfo(handle, CURLINFO_ACTIVESOCKET, value);
}

static inline CURLMcode CCurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
  return curl_multi_setopt(handle, option, value);
}

typedef int (*CCurl_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *userp, void *socketp);
typedef int (*CCurl_timer_callback)(CURLM *multi, long timeout_ms, void *userp);

static inline CURLMcode CCurl_multi_setopt_socket_callback(CURLM *handle, CCurl_socket_callback value) {
  return curl_multi_setopt(handle, CURLMOPT_SOCKETFUNCTION, value);
}

static inline CURLMcode CCurl_multi_setopt_timer_callback(CURLM *handle, CCurl_timer_callback value) {
  return curl_multi_setopt(handle, CURLMOPT_TIMERFUNCTION, value);
}

static inline CURLMcode CCurl_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *value) {
  return curl_multi_setopt(handle, option, value);
}

/// The easy handle and result of a finished transfer from curl_multi_info_read (the union is not importable).
static inline int CCurl_multi_done(CURLMsg *message, CURL **handle, CURLcode *result) {
  if (message->msg != CURLMSG_DONE) return 0;
  *handle = message->easy_handle;
  *result = message->data.result;
  return 1;
}

#endif
