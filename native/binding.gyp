{
  "targets": [
    {
      "target_name": "srtp_fanout",
      "sources": ["srtp_fanout.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [["OS!='linux'", {"type": "none", "sources": []}]]
    }
  ]
}
