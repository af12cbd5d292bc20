# 'conect' is not a hook.
on conect {
    deny;
}
