# Half of an import cycle: b -> a.
import "a";
set b_set = { 192.168.0.0/16 };
