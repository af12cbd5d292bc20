# An imported module that holds a hook.
import "modules/with-hook";
on connect { deny; }
