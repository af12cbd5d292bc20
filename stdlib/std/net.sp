# std/net: well-known address ranges, for both families.
# import "std/net"; then use net.loopback, net.private, ...

set loopback      = { 127.0.0.0/8, ::1 };
set private       = { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 };          # RFC 1918
set ula           = { fc00::/7 };                                          # RFC 4193
set link_local    = { 169.254.0.0/16, fe80::/10 };                         # RFC 3927, RFC 4291
set multicast     = { 224.0.0.0/4, ff00::/8 };
set documentation = { 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32 };  # RFC 5737, RFC 3849
set unspecified   = { 0.0.0.0, :: };
set cgnat         = { 100.64.0.0/10 };                                     # RFC 6598
