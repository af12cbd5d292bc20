	.text
	.file	"one-ip.sp"
	.section	"cgroup/bind4","ax",@progbits
	.globl	bind4
	.p2align	3
	.type	bind4,@function
bind4:
.Lfunc_begin0:
	.file	0 "examples" "one-ip.sp"
	.cfi_sections .debug_frame
	.cfi_startproc
	.loc	0 6 5 prologue_end
.Ltmp0:
	w2 = *(u32 *)(r1 + 4)
	if w2 != 0 goto LBB0_2
.Ltmp1:
.Ltmp2:
	.loc	0 0 5 is_stmt 0
	w2 = 704643199
	.loc	0 6 28
.Ltmp3:
	*(u32 *)(r1 + 4) = w2
.Ltmp4:
.Ltmp5:
LBB0_2:
	.loc	0 5 0 is_stmt 1
.Ltmp6:
	w0 = 1
	exit
.Ltmp7:
.Ltmp8:
.Lfunc_end0:
	.size	bind4, .Lfunc_end0-bind4
	.cfi_endproc

	.section	"cgroup/connect4","ax",@progbits
	.globl	connect4
	.p2align	3
	.type	connect4,@function
connect4:
.Lfunc_begin1:
	.loc	0 8 0
	.cfi_startproc
	r2 = 3026419495053819906 ll
.Ltmp9:
	.loc	0 8 15 prologue_end
.Ltmp10:
.Ltmp11:
	*(u64 *)(r10 - 16) = r2
	r2 = 0
	*(u64 *)(r10 - 8) = r2
	r2 = r10
	r2 += -16
	w3 = 16
	call 64
.Ltmp12:
.Ltmp13:
	r1 = r0
	w0 = 1
	if r1 s> -1 goto LBB1_2
	.loc	0 0 15 is_stmt 0
	w0 = 0
LBB1_2:
	.loc	0 8 0
.Ltmp14:
	exit
.Ltmp15:
.Ltmp16:
.Lfunc_end1:
	.size	connect4, .Lfunc_end1-connect4
	.cfi_endproc

	.type	_license,@object
	.section	license,"aw",@progbits
	.globl	_license
_license:
	.asciz	"GPL"
	.size	_license, 4

	.type	__sockc_meta,@object
	.section	.sockc,"a",@progbits
	.globl	__sockc_meta
__sockc_meta:
	.asciz	"sockc-object 1\ncompiler 0.1.0\npolicy one-ip\nsource examples/one-ip.sp\nprog bind4 cgroup/bind4 bind 4 cgroup:\nprog connect4 cgroup/connect4 connect 4 cgroup:\nrule bind4 6\nrule connect4 8\n"
	.size	__sockc_meta, 187

	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0
.Ldebug_list_header_start0:
	.short	5
	.byte	8
	.byte	0
	.long	1
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	3
	.byte	1
	.uleb128 .Ltmp12-.Lfunc_begin1
	.byte	1
	.byte	81
	.byte	0
.Ldebug_list_header_end0:
	.section	.debug_abbrev,"",@progbits
	.byte	1
	.byte	17
	.byte	1
	.byte	37
	.byte	37
	.byte	19
	.byte	5
	.byte	3
	.byte	37
	.byte	114
	.byte	23
	.byte	16
	.byte	23
	.byte	27
	.byte	37
	.byte	17
	.byte	1
	.byte	85
	.byte	35
	.byte	115
	.byte	23
	.byte	116
	.byte	23
	.ascii	"\214\001"
	.byte	23
	.byte	0
	.byte	0
	.byte	2
	.byte	46
	.byte	1
	.byte	17
	.byte	27
	.byte	18
	.byte	6
	.byte	64
	.byte	24
	.byte	110
	.byte	37
	.byte	3
	.byte	37
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	39
	.byte	25
	.byte	73
	.byte	19
	.byte	63
	.byte	25
	.byte	0
	.byte	0
	.byte	3
	.byte	5
	.byte	0
	.byte	2
	.byte	24
	.byte	3
	.byte	37
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	73
	.byte	19
	.byte	0
	.byte	0
	.byte	4
	.byte	5
	.byte	0
	.byte	2
	.byte	34
	.byte	3
	.byte	37
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	73
	.byte	19
	.byte	0
	.byte	0
	.byte	5
	.byte	36
	.byte	0
	.byte	3
	.byte	37
	.byte	62
	.byte	11
	.byte	11
	.byte	11
	.byte	0
	.byte	0
	.byte	6
	.byte	15
	.byte	0
	.byte	51
	.byte	6
	.byte	0
	.byte	0
	.byte	0
	.section	.debug_info,"",@progbits
.Lcu_begin0:
	.long	.Ldebug_info_end0-.Ldebug_info_start0
.Ldebug_info_start0:
	.short	5
	.byte	1
	.byte	8
	.long	.debug_abbrev
	.byte	1
	.byte	0
	.short	29
	.byte	1
	.long	.Lstr_offsets_base0
	.long	.Lline_table_start0
	.byte	2
	.quad	0
	.byte	0
	.long	.Laddr_table_base0
	.long	.Lrnglists_table_base0
	.long	.Lloclists_table_base0
	.byte	2
	.byte	0
	.long	.Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	90
	.byte	3
	.byte	3
	.byte	0
	.byte	5

	.long	100

	.byte	3
	.byte	1
	.byte	81
	.byte	6
	.byte	0
	.byte	5
	.long	104
	.byte	0
	.byte	2
	.byte	1
	.long	.Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	90
	.byte	5
	.byte	5
	.byte	0
	.byte	8

	.long	100

	.byte	4
	.byte	0
	.byte	6
	.byte	0
	.byte	8
	.long	104
	.byte	0
	.byte	5
	.byte	4
	.byte	5
	.byte	4
	.byte	6
	.long	0
	.byte	0
.Ldebug_info_end0:
	.section	.debug_rnglists,"",@progbits
	.long	.Ldebug_list_header_end1-.Ldebug_list_header_start1
.Ldebug_list_header_start1:
	.short	5
	.byte	8
	.byte	0
	.long	1
.Lrnglists_table_base0:
	.long	.Ldebug_ranges0-.Lrnglists_table_base0
.Ldebug_ranges0:
	.byte	3
	.byte	0
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	3
	.byte	1
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	0
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	32
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"sockc"
.Linfo_string1:
	.asciz	"one-ip.sp"
.Linfo_string2:
	.asciz	"examples"
.Linfo_string3:
	.asciz	"bind4"
.Linfo_string4:
	.asciz	"connect4"
.Linfo_string5:
	.asciz	"int"
.Linfo_string6:
	.asciz	"ctx"
	.section	.debug_str_offsets,"",@progbits
	.long	.Linfo_string0
	.long	.Linfo_string1
	.long	.Linfo_string2
	.long	.Linfo_string3
	.long	.Linfo_string5
	.long	.Linfo_string4
	.long	.Linfo_string6
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0
.Ldebug_addr_start0:
	.short	5
	.byte	8
	.byte	0
.Laddr_table_base0:
	.quad	.Lfunc_begin0
	.quad	.Lfunc_begin1
.Ldebug_addr_end0:
	.section	.debug_names,"",@progbits
	.long	.Lnames_end0-.Lnames_start0
.Lnames_start0:
	.short	5
	.short	0
	.long	1
	.long	0
	.long	0
	.long	3
	.long	3
	.long	.Lnames_abbrev_end0-.Lnames_abbrev_start0
	.long	8
	.ascii	"LLVM0700"
	.long	.Lcu_begin0
	.long	1
	.long	2
	.long	3
	.long	254269014
	.long	1111492579
	.long	193495088
	.long	.Linfo_string3
	.long	.Linfo_string4
	.long	.Linfo_string5
	.long	.Lnames0-.Lnames_entries0
	.long	.Lnames1-.Lnames_entries0
	.long	.Lnames2-.Lnames_entries0
.Lnames_abbrev_start0:
	.byte	1
	.byte	46
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	2
	.byte	36
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	0
.Lnames_abbrev_end0:
.Lnames_entries0:
.Lnames0:
.L0:
	.byte	1
	.long	47
	.byte	0
.Lnames1:
.L1:
	.byte	1
	.long	74
	.byte	0
.Lnames2:
.L2:
	.byte	2
	.long	100
	.byte	0
	.p2align	2, 0x0
.Lnames_end0:
	.section	.BTF,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	92
	.long	92
	.long	158
	.long	0
	.long	33554432
	.long	0
	.long	0
	.long	218103809
	.long	3
	.long	1
	.long	1
	.long	5
	.long	16777216
	.long	4
	.long	16777248
	.long	9
	.long	201326593
	.long	2
	.long	0
	.long	218103809
	.long	3
	.long	1
	.long	1
	.long	107
	.long	201326593
	.long	5
	.byte	0
	.ascii	"ctx"
	.byte	0
	.ascii	"int"
	.byte	0
	.ascii	"bind4"
	.byte	0
	.ascii	"cgroup/bind4"
	.byte	0
	.ascii	"examples/one-ip.sp"
	.byte	0
	.ascii	"    if src.ip == 0.0.0.0 { rewrite src.ip ip4; }"
	.byte	0
	.ascii	"on bind4 {"
	.byte	0
	.ascii	"connect4"
	.byte	0
	.ascii	"cgroup/connect4"
	.byte	0
	.ascii	"on connect4 { bind ip4; }"
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	36
	.long	36
	.long	116
	.long	152
	.long	0
	.long	8
	.long	15
	.long	1
	.long	.Lfunc_begin0
	.long	4
	.long	116
	.long	1
	.long	.Lfunc_begin1
	.long	6
	.long	16
	.long	15
	.long	3
	.long	.Ltmp0
	.long	28
	.long	47
	.long	6149
	.long	.Ltmp3
	.long	28
	.long	47
	.long	6172
	.long	.Ltmp6
	.long	28
	.long	96
	.long	5120
	.long	116
	.long	3
	.long	.Lfunc_begin1
	.long	28
	.long	132
	.long	8192
	.long	.Ltmp11
	.long	28
	.long	132
	.long	8207
	.long	.Ltmp14
	.long	28
	.long	132
	.long	8192
	.section	.debug_line,"",@progbits
.Lline_table_start0:
exit: 0
