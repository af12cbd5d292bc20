	.text
	.file	"edge.sp"
	.section	"cgroup/connect4","ax",@progbits
	.globl	connect4
	.p2align	3
	.type	connect4,@function
connect4:
.Lfunc_begin0:
	.file	0 "examples" "edge.sp"
	.loc	0 12 0
	.cfi_sections .debug_frame
	.cfi_startproc
	r6 = r1
.Ltmp0:
.Ltmp1:
	r1 = 360288013139312642 ll
.Ltmp2:
	.loc	0 12 32 prologue_end
.Ltmp3:
.Ltmp4:
	*(u64 *)(r10 - 16) = r1
	r1 = 0
	*(u64 *)(r10 - 8) = r1
	r2 = r10
	r2 += -16
	r1 = r6
	w3 = 16
	call 64
	r1 = r0
	w0 = 0
	if r1 s< 0 goto LBB0_2
.Ltmp5:
.Ltmp6:
	.loc	0 0 32 is_stmt 0
	w1 = 20480
	.loc	0 12 42
.Ltmp7:
	*(u32 *)(r6 + 24) = w1
	w1 = 117440778
	*(u32 *)(r6 + 4) = w1
	w0 = 1
.Ltmp8:
.Ltmp9:
LBB0_2:
	.loc	0 12 0
.Ltmp10:
	exit
.Ltmp11:
.Ltmp12:
.Lfunc_end0:
	.size	connect4, .Lfunc_end0-connect4
	.cfi_endproc

	.section	"cgroup/connect6","ax",@progbits
	.globl	connect6
	.p2align	3
	.type	connect6,@function
connect6:
.Lfunc_begin1:
	.loc	0 12 0 is_stmt 1
	.cfi_startproc
	r6 = r1
.Ltmp13:
.Ltmp14:
	.loc	0 12 32 prologue_end
.Ltmp15:
	w1 = *(u32 *)(r6 + 8)
	w2 = *(u32 *)(r6 + 12)
	w2 |= w1
	if w2 != 0 goto LBB1_3
.Ltmp16:
.Ltmp17:
	w1 = *(u32 *)(r6 + 16)
	if w1 != -65536 goto LBB1_3
.Ltmp18:
.Ltmp19:
	.loc	0 0 32 is_stmt 0
	r1 = 0
	.loc	0 12 32
	*(u64 *)(r10 - 32) = r1
	*(u64 *)(r10 - 24) = r1
	r1 = 360288017434214400 ll
	*(u64 *)(r10 - 16) = r1
	w1 = 10
	*(u32 *)(r10 - 32) = w1
	w7 = 0
	*(u32 *)(r10 - 8) = w7
	r2 = r10
	r2 += -32
	r1 = r6
	w3 = 28
	call 64
	if r0 s< 0 goto LBB1_6
.Ltmp20:
.Ltmp21:
LBB1_3:
	.loc	0 12 42
.Ltmp22:
	w1 = *(u32 *)(r6 + 8)
	w2 = *(u32 *)(r6 + 12)
	w2 |= w1
	w7 = 1
	if w2 != 0 goto LBB1_6
.Ltmp23:
.Ltmp24:
	w1 = *(u32 *)(r6 + 16)
	if w1 != -65536 goto LBB1_6
.Ltmp25:
.Ltmp26:
	.loc	0 0 42
	w1 = 20480
	.loc	0 12 42
	*(u32 *)(r6 + 24) = w1
	w1 = 117440778
	*(u32 *)(r6 + 20) = w1
	w1 = -65536
	*(u32 *)(r6 + 16) = w1
	w1 = 0
	*(u32 *)(r6 + 12) = w1
	*(u32 *)(r6 + 8) = w1
.Ltmp27:
.Ltmp28:
LBB1_6:
	.loc	0 12 0
.Ltmp29:
	w0 = w7
	exit
.Ltmp30:
.Ltmp31:
.Lfunc_end1:
	.size	connect6, .Lfunc_end1-connect6
	.cfi_endproc

	.section	"cgroup/connect4","ax",@progbits
	.globl	connect4_1
	.p2align	3
	.type	connect4_1,@function
connect4_1:
.Lfunc_begin2:
	.loc	0 14 0 is_stmt 1
	.cfi_startproc
	w0 = 0
.Ltmp32:
	.loc	0 15 5 prologue_end
.Ltmp33:
.Ltmp34:
	w2 = *(u32 *)(r1 + 4)
	w3 = w2
	w3 &= 65535
	if w3 == 65193 goto LBB2_11
.Ltmp35:
.Ltmp36:
	w3 = w2
	w3 &= 61695
	if w3 == 24586 goto LBB2_11
.Ltmp37:
.Ltmp38:
	.loc	0 16 5
.Ltmp39:
	if w2 != 16777343 goto LBB2_5
.Ltmp40:
.Ltmp41:
	w2 = *(u32 *)(r1 + 24)
	if w2 != 60184 goto LBB2_5
.Ltmp42:
.Ltmp43:
	.loc	0 0 5 is_stmt 0
	w2 = 60184
	.loc	0 16 32
.Ltmp44:
	*(u32 *)(r1 + 24) = w2
	w2 = 151126026
	goto LBB2_8
.Ltmp45:
.Ltmp46:
LBB2_5:
	.loc	0 17 5 is_stmt 1
.Ltmp47:
	w2 = *(u32 *)(r1 + 36)
	if w2 != 17 goto LBB2_9
.Ltmp48:
.Ltmp49:
	w2 = *(u32 *)(r1 + 24)
	if w2 != 13568 goto LBB2_9
.Ltmp50:
.Ltmp51:
	.loc	0 0 5 is_stmt 0
	w2 = 889192458
.Ltmp52:
.Ltmp53:
LBB2_8:
	*(u32 *)(r1 + 4) = w2
.Ltmp54:
.Ltmp55:
LBB2_9:
	r2 = 360288013139312642 ll
	.loc	0 18 5 is_stmt 1
.Ltmp56:
	*(u64 *)(r10 - 16) = r2
	r2 = 0
	*(u64 *)(r10 - 8) = r2
	r2 = r10
	r2 += -16
	w3 = 16
	call 64
.Ltmp57:
.Ltmp58:
	r1 = r0
	w0 = 1
	if r1 s> -1 goto LBB2_11
	.loc	0 0 5 is_stmt 0
	w0 = 0
LBB2_11:
	.loc	0 14 0 is_stmt 1
.Ltmp59:
	w0 &= 1
	exit
.Ltmp60:
.Ltmp61:
.Lfunc_end2:
	.size	connect4_1, .Lfunc_end2-connect4_1
	.cfi_endproc

	.section	"cgroup/connect6","ax",@progbits
	.globl	connect6_1
	.p2align	3
	.type	connect6_1,@function
connect6_1:
.Lfunc_begin3:
	.cfi_startproc
	.loc	0 15 5 prologue_end
.Ltmp62:
	w2 = *(u32 *)(r1 + 8)
	if w2 == -1039269635 goto LBB3_5
.Ltmp63:
.Ltmp64:
	if w2 != 0 goto LBB3_10
.Ltmp65:
.Ltmp66:
	w2 = *(u32 *)(r1 + 12)
	if w2 != 0 goto LBB3_14
.Ltmp67:
.Ltmp68:
	w2 = *(u32 *)(r1 + 16)
	if w2 != -65536 goto LBB3_14
.Ltmp69:
.Ltmp70:
	.loc	0 0 5 is_stmt 0
	w6 = 0
	.loc	0 15 5
	w2 = *(u32 *)(r1 + 20)
	if w2 == -22413655 goto LBB3_23
.Ltmp71:
.Ltmp72:
	w2 = *(u32 *)(r1 + 20)
	w2 &= 61695
	if w2 == 24586 goto LBB3_23
.Ltmp73:
.Ltmp74:
	w2 = *(u32 *)(r1 + 20)
	w2 &= 65535
	if w2 == 65193 goto LBB3_23
.Ltmp75:
.Ltmp76:
	.loc	0 16 5 is_stmt 1
.Ltmp77:
	w2 = *(u32 *)(r1 + 20)
	if w2 != 16777343 goto LBB3_14
.Ltmp78:
.Ltmp79:
	w2 = *(u32 *)(r1 + 24)
	if w2 != 60184 goto LBB3_14
.Ltmp80:
.Ltmp81:
	.loc	0 0 5 is_stmt 0
	w2 = 60184
	.loc	0 16 32
.Ltmp82:
	*(u32 *)(r1 + 24) = w2
	w2 = 151126026
	*(u32 *)(r1 + 20) = w2
	w2 = -65536
	*(u32 *)(r1 + 16) = w2
	w2 = 0
	*(u32 *)(r1 + 12) = w2
	*(u32 *)(r1 + 8) = w2
	goto LBB3_14
.Ltmp83:
.Ltmp84:
LBB3_5:
	.loc	0 15 5 is_stmt 1
.Ltmp85:
	w2 = *(u32 *)(r1 + 12)
	if w2 != 0 goto LBB3_14
.Ltmp86:
.Ltmp87:
	w2 = *(u32 *)(r1 + 16)
	if w2 != 0 goto LBB3_14
.Ltmp88:
.Ltmp89:
	.loc	0 0 5 is_stmt 0
	w6 = 0
	.loc	0 15 5
	w2 = *(u32 *)(r1 + 20)
	if w2 == 1409417216 goto LBB3_23
	goto LBB3_14
.Ltmp90:
.Ltmp91:
LBB3_10:
	.loc	0 0 5
	w6 = 0
	.loc	0 15 5
	w2 &= 49407
	if w2 == 33022 goto LBB3_23
.Ltmp92:
.Ltmp93:
LBB3_14:
	.loc	0 17 5 is_stmt 1
.Ltmp94:
	w2 = *(u32 *)(r1 + 36)
	if w2 != 17 goto LBB3_19
.Ltmp95:
.Ltmp96:
	w2 = *(u32 *)(r1 + 24)
	if w2 != 13568 goto LBB3_19
.Ltmp97:
.Ltmp98:
	.loc	0 17 42 is_stmt 0
.Ltmp99:
	w2 = *(u32 *)(r1 + 8)
	w3 = *(u32 *)(r1 + 12)
	w3 |= w2
	if w3 != 0 goto LBB3_19
.Ltmp100:
.Ltmp101:
	w2 = *(u32 *)(r1 + 16)
	if w2 != -65536 goto LBB3_19
.Ltmp102:
.Ltmp103:
	.loc	0 0 42
	w2 = 889192458
	.loc	0 17 42
	*(u32 *)(r1 + 20) = w2
	w2 = -65536
	*(u32 *)(r1 + 16) = w2
	w2 = 0
	*(u32 *)(r1 + 12) = w2
	*(u32 *)(r1 + 8) = w2
.Ltmp104:
.Ltmp105:
LBB3_19:
	.loc	0 18 5 is_stmt 1
.Ltmp106:
	w2 = *(u32 *)(r1 + 8)
	w3 = *(u32 *)(r1 + 12)
	w3 |= w2
	if w3 != 0 goto LBB3_22
.Ltmp107:
.Ltmp108:
	w2 = *(u32 *)(r1 + 16)
	if w2 != -65536 goto LBB3_22
.Ltmp109:
.Ltmp110:
	.loc	0 0 5 is_stmt 0
	r2 = 0
	.loc	0 18 5
	*(u64 *)(r10 - 32) = r2
	*(u64 *)(r10 - 24) = r2
	r2 = 360288017434214400 ll
	*(u64 *)(r10 - 16) = r2
	w2 = 10
	*(u32 *)(r10 - 32) = w2
	w6 = 0
	*(u32 *)(r10 - 8) = w6
	r2 = r10
	r2 += -32
	w3 = 28
	call 64
.Ltmp111:
.Ltmp112:
	if r0 s< 0 goto LBB3_23
LBB3_22:
	.loc	0 0 5
	w6 = 1
LBB3_23:
	.loc	0 14 0 is_stmt 1
.Ltmp113:
	w0 = w6
	exit
.Ltmp114:
.Ltmp115:
.Lfunc_end3:
	.size	connect6_1, .Lfunc_end3-connect6_1
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
	.asciz	"sockc-object 1\ncompiler 0.1.0\npolicy edge\nsource examples/edge.sp\nprog connect4 cgroup/connect4 connect 4 cgroup:legacy\nprog connect6 cgroup/connect6 connect 6 cgroup:legacy\nprog connect4_1 cgroup/connect4 connect 4 cgroup:web\nprog connect6_1 cgroup/connect6 connect 6 cgroup:web\nrule connect4 12\nrule connect4 12\nrule connect6 12\nrule connect6 12\nrule connect4_1 15\nrule connect4_1 16\nrule connect4_1 17\nrule connect4_1 18\nrule connect6_1 15\nrule connect6_1 16\nrule connect6_1 17\nrule connect6_1 18\nmember blocked 169.254.169.254\nmember blocked fd00:ec2::254\nmember blocked 10.96.0.0/12\nmember net.link_local 169.254.0.0/16\nmember net.link_local fe80::/10\n"
	.size	__sockc_meta, 658

	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0
.Ldebug_list_header_start0:
	.short	5
	.byte	8
	.byte	0
	.long	4
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
	.long	.Ldebug_loc3-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	1
	.byte	0
	.byte	4
	.uleb128 .Lfunc_begin0-.Lfunc_begin0
	.uleb128 .Ltmp0-.Lfunc_begin0
	.byte	1
	.byte	81
	.byte	4
	.uleb128 .Ltmp0-.Lfunc_begin0
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	86
	.byte	0
.Ldebug_loc1:
	.byte	1
	.byte	1
	.byte	4
	.uleb128 .Lfunc_begin1-.Lfunc_begin1
	.uleb128 .Ltmp13-.Lfunc_begin1
	.byte	1
	.byte	81
	.byte	4
	.uleb128 .Ltmp13-.Lfunc_begin1
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	86
	.byte	0
.Ldebug_loc2:
	.byte	1
	.byte	0
	.byte	4
	.uleb128 .Lfunc_begin2-.Lfunc_begin0
	.uleb128 .Ltmp57-.Lfunc_begin0
	.byte	1
	.byte	81
	.byte	0
.Ldebug_loc3:
	.byte	1
	.byte	1
	.byte	4
	.uleb128 .Lfunc_begin3-.Lfunc_begin1
	.uleb128 .Ltmp111-.Lfunc_begin1
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
	.byte	4
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
	.byte	5
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
	.byte	12

	.long	151

	.byte	3
	.byte	0
	.byte	8
	.byte	0
	.byte	12
	.long	155
	.byte	0
	.byte	2
	.byte	1
	.long	.Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	90
	.byte	5
	.byte	5
	.byte	0
	.byte	12

	.long	151

	.byte	3
	.byte	1
	.byte	8
	.byte	0
	.byte	12
	.long	155
	.byte	0
	.byte	2
	.byte	2
	.long	.Lfunc_end2-.Lfunc_begin2
	.byte	1
	.byte	90
	.byte	6
	.byte	6
	.byte	0
	.byte	14

	.long	151

	.byte	3
	.byte	2
	.byte	8
	.byte	0
	.byte	14
	.long	155
	.byte	0
	.byte	2
	.byte	3
	.long	.Lfunc_end3-.Lfunc_begin3
	.byte	1
	.byte	90
	.byte	7
	.byte	7
	.byte	0
	.byte	14

	.long	151

	.byte	3
	.byte	3
	.byte	8
	.byte	0
	.byte	14
	.long	155
	.byte	0
	.byte	4
	.byte	4
	.byte	5
	.byte	4
	.byte	5
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
	.byte	1
	.byte	0
	.byte	4
	.uleb128 .Lfunc_begin0-.Lfunc_begin0
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	4
	.uleb128 .Lfunc_begin2-.Lfunc_begin0
	.uleb128 .Lfunc_end2-.Lfunc_begin0
	.byte	1
	.byte	1
	.byte	4
	.uleb128 .Lfunc_begin1-.Lfunc_begin1
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	4
	.uleb128 .Lfunc_begin3-.Lfunc_begin1
	.uleb128 .Lfunc_end3-.Lfunc_begin1
	.byte	0
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	40
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"sockc"
.Linfo_string1:
	.asciz	"edge.sp"
.Linfo_string2:
	.asciz	"examples"
.Linfo_string3:
	.asciz	"connect4"
.Linfo_string4:
	.asciz	"connect6"
.Linfo_string5:
	.asciz	"connect4_1"
.Linfo_string6:
	.asciz	"connect6_1"
.Linfo_string7:
	.asciz	"int"
.Linfo_string8:
	.asciz	"ctx"
	.section	.debug_str_offsets,"",@progbits
	.long	.Linfo_string0
	.long	.Linfo_string1
	.long	.Linfo_string2
	.long	.Linfo_string3
	.long	.Linfo_string7
	.long	.Linfo_string4
	.long	.Linfo_string5
	.long	.Linfo_string6
	.long	.Linfo_string8
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0
.Ldebug_addr_start0:
	.short	5
	.byte	8
	.byte	0
.Laddr_table_base0:
	.quad	.Lfunc_begin0
	.quad	.Lfunc_begin1
	.quad	.Lfunc_begin2
	.quad	.Lfunc_begin3
.Ldebug_addr_end0:
	.section	.debug_names,"",@progbits
	.long	.Lnames_end0-.Lnames_start0
.Lnames_start0:
	.short	5
	.short	0
	.long	1
	.long	0
	.long	0
	.long	5
	.long	5
	.long	.Lnames_abbrev_end0-.Lnames_abbrev_start0
	.long	8
	.ascii	"LLVM0700"
	.long	.Lcu_begin0
	.long	0
	.long	1
	.long	2
	.long	3
	.long	4
	.long	1111492581
	.long	-765353579
	.long	193495088
	.long	1111492579
	.long	-765355757
	.long	.Linfo_string4
	.long	.Linfo_string6
	.long	.Linfo_string7
	.long	.Linfo_string3
	.long	.Linfo_string5
	.long	.Lnames1-.Lnames_entries0
	.long	.Lnames3-.Lnames_entries0
	.long	.Lnames4-.Lnames_entries0
	.long	.Lnames0-.Lnames_entries0
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
.Lnames1:
.L2:
	.byte	1
	.long	73
	.byte	0
.Lnames3:
.L1:
	.byte	1
	.long	125
	.byte	0
.Lnames4:
.L4:
	.byte	2
	.long	151
	.byte	0
.Lnames0:
.L0:
	.byte	1
	.long	47
	.byte	0
.Lnames2:
.L3:
	.byte	1
	.long	99
	.byte	0
	.p2align	2, 0x0
.Lnames_end0:
	.section	.BTF,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	156
	.long	156
	.long	489
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
	.long	117
	.long	201326593
	.long	5
	.long	0
	.long	218103809
	.long	3
	.long	1
	.long	1
	.long	142
	.long	201326593
	.long	7
	.long	0
	.long	218103809
	.long	3
	.long	1
	.long	1
	.long	478
	.long	201326593
	.long	9
	.byte	0
	.ascii	"ctx"
	.byte	0
	.ascii	"int"
	.byte	0
	.ascii	"connect4"
	.byte	0
	.ascii	"cgroup/connect4"
	.byte	0
	.ascii	"examples/edge.sp"
	.byte	0
	.ascii	"on connect in cgroup \"legacy\": bind vip; rewrite dst 10.1.0.7:80;"
	.byte	0
	.ascii	"connect6"
	.byte	0
	.ascii	"cgroup/connect6"
	.byte	0
	.ascii	"connect4_1"
	.byte	0
	.ascii	"on connect in cgroup \"web\" {"
	.byte	0
	.ascii	"    if dst in blocked or dst in net.link_local { deny; }   # connect(2) fails with EPERM"
	.byte	0
	.ascii	"    if dst == 127.0.0.1:6379 { rewrite dst redis; }"
	.byte	0
	.ascii	"    if proto == udp and dst.port == 53 { rewrite dst.ip 10.0.0.53; }"
	.byte	0
	.ascii	"    bind vip;                                    # bpf_bind(): source IP only, port 0"
	.byte	0
	.ascii	"connect6_1"
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	52
	.long	52
	.long	388
	.long	440
	.long	0
	.long	8
	.long	18
	.long	2
	.long	.Lfunc_begin0
	.long	4
	.long	.Lfunc_begin2
	.long	8
	.long	126
	.long	2
	.long	.Lfunc_begin1
	.long	6
	.long	.Lfunc_begin3
	.long	10
	.long	16
	.long	18
	.long	11
	.long	.Lfunc_begin0
	.long	34
	.long	51
	.long	12288
	.long	.Ltmp4
	.long	34
	.long	51
	.long	12320
	.long	.Ltmp7
	.long	34
	.long	51
	.long	12330
	.long	.Ltmp10
	.long	34
	.long	51
	.long	12288
	.long	.Lfunc_begin2
	.long	34
	.long	153
	.long	14336
	.long	.Ltmp34
	.long	34
	.long	182
	.long	15365
	.long	.Ltmp39
	.long	34
	.long	271
	.long	16389
	.long	.Ltmp44
	.long	34
	.long	271
	.long	16416
	.long	.Ltmp47
	.long	34
	.long	323
	.long	17413
	.long	.Ltmp56
	.long	34
	.long	392
	.long	18437
	.long	.Ltmp59
	.long	34
	.long	153
	.long	14336
	.long	126
	.long	12
	.long	.Lfunc_begin1
	.long	34
	.long	51
	.long	12288
	.long	.Ltmp15
	.long	34
	.long	51
	.long	12320
	.long	.Ltmp22
	.long	34
	.long	51
	.long	12330
	.long	.Ltmp29
	.long	34
	.long	51
	.long	12288
	.long	.Ltmp62
	.long	34
	.long	182
	.long	15365
	.long	.Ltmp77
	.long	34
	.long	271
	.long	16389
	.long	.Ltmp82
	.long	34
	.long	271
	.long	16416
	.long	.Ltmp85
	.long	34
	.long	182
	.long	15365
	.long	.Ltmp94
	.long	34
	.long	323
	.long	17413
	.long	.Ltmp99
	.long	34
	.long	323
	.long	17450
	.long	.Ltmp106
	.long	34
	.long	392
	.long	18437
	.long	.Ltmp113
	.long	34
	.long	153
	.long	14336
	.section	.debug_line,"",@progbits
.Lline_table_start0:
exit: 0
