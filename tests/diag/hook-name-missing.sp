# 'on' at the end of the file, with no hook after it.
on
