	.text
	.file	"switch.c"
	.file	0 "." "switch.c" md5 0x2711a381f66faef01f9f17adb33983ad
	.file	1 "/usr/include/linux" "bpf.h" md5 0x8ab7bf195d20e2851bf1a9e5b71245ca
	.file	2 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.section	xdp,"ax",@progbits
	.globl	dispatch                        # -- Begin function dispatch
	.p2align	3
	.type	dispatch,@function
dispatch:                               # @dispatch
.Lfunc_begin0:
	.loc	0 38 0                          # switch.c:38:0
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: dispatch:ctx <- $r1
	w0 = 0
.Ltmp0:
	.loc	0 39 34 prologue_end            # switch.c:39:34
.Ltmp1:
.Ltmp2:
	w3 = *(u32 *)(r1 + 0)
.Ltmp3:
.Ltmp4:
	#DEBUG_VALUE: dispatch:eth <- $r3
	#DEBUG_VALUE: dispatch:data <- $r3
	.loc	0 42 19                         # switch.c:42:19
.Ltmp5:
	r2 = r3
	r2 += 14
.Ltmp6:
.Ltmp7:
	.loc	0 40 33                         # switch.c:40:33
.Ltmp8:
	w1 = *(u32 *)(r1 + 4)
.Ltmp9:
.Ltmp10:
	#DEBUG_VALUE: dispatch:end <- $r1
	.loc	0 42 6                          # switch.c:42:6
.Ltmp11:
	if r2 > r1 goto LBB0_6
.Ltmp12:
.Ltmp13:
# %bb.1:
	#DEBUG_VALUE: dispatch:end <- $r1
	#DEBUG_VALUE: dispatch:data <- $r3
	#DEBUG_VALUE: dispatch:eth <- $r3
	.loc	0 44 11                         # switch.c:44:11
.Ltmp14:
	w1 = *(u8 *)(r3 + 12)
.Ltmp15:
.Ltmp16:
	w3 = *(u8 *)(r3 + 13)
.Ltmp17:
.Ltmp18:
	w3 <<= 8
	w3 |= w1
	w0 = 2
.Ltmp19:
.Ltmp20:
	.loc	0 44 6 is_stmt 0                # switch.c:44:6
.Ltmp21:
	if w3 != 8 goto LBB0_6
# %bb.2:
	.loc	0 46 19 is_stmt 1               # switch.c:46:19
.Ltmp22:
	w1 = *(u8 *)(r2 + 0)
	.loc	0 46 47 is_stmt 0               # switch.c:46:47
.Ltmp23:
	w1 &= 15
	.loc	0 46 10                         # switch.c:46:10
.Ltmp24:
	call classify
.Ltmp25:
	w6 = w0
.Ltmp26:
.Ltmp27:
	#DEBUG_VALUE: dispatch:k <- $w6
	.loc	0 47 6 is_stmt 1                # switch.c:47:6
.Ltmp28:
	call my_strcmp
.Ltmp29:
	w1 = w0
	w0 = 1
	w2 = 1
	.loc	0 47 31 is_stmt 0               # switch.c:47:31
.Ltmp30:
	if w1 == 0 goto LBB0_4
.Ltmp31:
.Ltmp32:
# %bb.3:
	#DEBUG_VALUE: dispatch:k <- $w6
	.loc	0 0 31                          # switch.c:0:31
	w2 = 0
.Ltmp33:
.Ltmp34:
LBB0_4:
	#DEBUG_VALUE: dispatch:k <- $w6
	.loc	0 47 6                          # switch.c:47:6
.Ltmp35:
	w6 += w2
.Ltmp36:
.Ltmp37:
	#DEBUG_VALUE: dispatch:k <- $w6
	.loc	0 49 9 is_stmt 1                # switch.c:49:9
.Ltmp38:
	if w6 s> 50 goto LBB0_6
.Ltmp39:
.Ltmp40:
# %bb.5:
	#DEBUG_VALUE: dispatch:k <- $w6
	.loc	0 0 9 is_stmt 0                 # switch.c:0:9
	w0 = 2
.Ltmp41:
.Ltmp42:
LBB0_6:
	.loc	0 50 1 is_stmt 1                # switch.c:50:1
.Ltmp43:
	exit
.Ltmp44:
.Ltmp45:
.Lfunc_end0:
	.size	dispatch, .Lfunc_end0-dispatch
	.cfi_endproc
                                        # -- End function
	.text
	.p2align	3                               # -- Begin function classify
	.type	classify,@function
classify:                               # @classify
.Lfunc_begin1:
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 9 2 prologue_end              # switch.c:9:2
.Ltmp46:
	if w1 s> 3 goto LBB1_6
.Ltmp47:
.Ltmp48:
# %bb.1:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 s> 1 goto LBB1_4
.Ltmp49:
.Ltmp50:
# %bb.2:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 2 is_stmt 0                 # switch.c:0:2
	w0 = 11
	.loc	0 9 2                           # switch.c:9:2
	if w1 == 0 goto LBB1_21
.Ltmp51:
.Ltmp52:
# %bb.3:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 == 1 goto LBB1_12
	goto LBB1_20
.Ltmp53:
.Ltmp54:
LBB1_12:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 2                           # switch.c:0:2
	w0 = 23
.Ltmp55:
	.loc	0 11 10 is_stmt 1               # switch.c:11:10
.Ltmp56:
.Ltmp57:
	goto LBB1_21
.Ltmp58:
.Ltmp59:
LBB1_6:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 9 2                           # switch.c:9:2
.Ltmp60:
	if w1 s> 5 goto LBB1_9
.Ltmp61:
.Ltmp62:
# %bb.7:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 == 4 goto LBB1_15
.Ltmp63:
.Ltmp64:
# %bb.8:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 == 5 goto LBB1_16
	goto LBB1_20
.Ltmp65:
.Ltmp66:
LBB1_16:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 2 is_stmt 0                 # switch.c:0:2
	w0 = 67
.Ltmp67:
	.loc	0 15 10 is_stmt 1               # switch.c:15:10
.Ltmp68:
.Ltmp69:
	goto LBB1_21
.Ltmp70:
.Ltmp71:
LBB1_9:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 9 2                           # switch.c:9:2
.Ltmp72:
	if w1 == 6 goto LBB1_17
.Ltmp73:
.Ltmp74:
# %bb.10:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 == 7 goto LBB1_18
.Ltmp75:
.Ltmp76:
# %bb.11:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 == 8 goto LBB1_19
	goto LBB1_20
.Ltmp77:
.Ltmp78:
LBB1_19:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 2 is_stmt 0                 # switch.c:0:2
	w0 = 97
.Ltmp79:
	.loc	0 18 10 is_stmt 1               # switch.c:18:10
.Ltmp80:
.Ltmp81:
	goto LBB1_21
.Ltmp82:
.Ltmp83:
LBB1_4:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 9 2                           # switch.c:9:2
.Ltmp84:
	if w1 == 2 goto LBB1_13
.Ltmp85:
.Ltmp86:
# %bb.5:
	#DEBUG_VALUE: classify:c <- $w1
	if w1 == 3 goto LBB1_14
	goto LBB1_20
.Ltmp87:
.Ltmp88:
LBB1_14:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 2 is_stmt 0                 # switch.c:0:2
	w0 = 41
.Ltmp89:
	.loc	0 13 10 is_stmt 1               # switch.c:13:10
.Ltmp90:
.Ltmp91:
	goto LBB1_21
.Ltmp92:
.Ltmp93:
LBB1_13:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 10 is_stmt 0                # switch.c:0:10
	w0 = 37
	.loc	0 12 10 is_stmt 1               # switch.c:12:10
.Ltmp94:
	goto LBB1_21
.Ltmp95:
.Ltmp96:
LBB1_17:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 10 is_stmt 0                # switch.c:0:10
	w0 = 71
	.loc	0 16 10 is_stmt 1               # switch.c:16:10
.Ltmp97:
	goto LBB1_21
.Ltmp98:
.Ltmp99:
LBB1_15:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 10 is_stmt 0                # switch.c:0:10
	w0 = 53
	.loc	0 14 10 is_stmt 1               # switch.c:14:10
.Ltmp100:
	goto LBB1_21
.Ltmp101:
.Ltmp102:
LBB1_18:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 10 is_stmt 0                # switch.c:0:10
	w0 = 83
	.loc	0 17 10 is_stmt 1               # switch.c:17:10
.Ltmp103:
	goto LBB1_21
.Ltmp104:
.Ltmp105:
LBB1_20:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 0 10 is_stmt 0                # switch.c:0:10
	w0 = -1
.Ltmp106:
.Ltmp107:
LBB1_21:
	#DEBUG_VALUE: classify:c <- $w1
	.loc	0 21 1 is_stmt 1                # switch.c:21:1
.Ltmp108:
	exit
.Ltmp109:
.Ltmp110:
.Lfunc_end1:
	.size	classify, .Lfunc_end1-classify
	.cfi_endproc
                                        # -- End function
	.p2align	3                               # -- Begin function my_strcmp
	.type	my_strcmp,@function
my_strcmp:                              # @my_strcmp
.Lfunc_begin2:
	.loc	0 24 0                          # switch.c:24:0
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: i <- 0
	w0 = -116
.Ltmp111:
	.loc	0 26 7 prologue_end             # switch.c:26:7
.Ltmp112:
.Ltmp113:
	r2 = name ll
.Ltmp114:
.Ltmp115:
	#DEBUG_VALUE: my_strcmp:a <- $r2
	w1 = *(u8 *)(r2 + 0)
.Ltmp116:
.Ltmp117:
	.loc	0 26 7 is_stmt 0                # switch.c:26:7
.Ltmp118:
	if w1 == 116 goto LBB2_7
	goto LBB2_5
.Ltmp119:
.Ltmp120:
LBB2_7:
	#DEBUG_VALUE: my_strcmp:a <- $r2
	#DEBUG_VALUE: i <- 0
	#DEBUG_VALUE: i <- 1
	.loc	0 0 7                           # switch.c:0:7
	w0 = -115
.Ltmp121:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp122:
.Ltmp123:
	w1 = *(u8 *)(r2 + 1)
.Ltmp124:
.Ltmp125:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp126:
	if w1 == 115 goto LBB2_1
	goto LBB2_5
.Ltmp127:
.Ltmp128:
LBB2_1:
	#DEBUG_VALUE: i <- 1
	#DEBUG_VALUE: my_strcmp:a <- $r2
	#DEBUG_VALUE: i <- 2
	.loc	0 0 7                           # switch.c:0:7
	w0 = -98
.Ltmp129:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp130:
.Ltmp131:
	w1 = *(u8 *)(r2 + 2)
.Ltmp132:
.Ltmp133:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp134:
	if w1 != 98 goto LBB2_5
.Ltmp135:
.Ltmp136:
# %bb.2:
	#DEBUG_VALUE: i <- 2
	#DEBUG_VALUE: my_strcmp:a <- $r2
	#DEBUG_VALUE: i <- 3
	.loc	0 0 7                           # switch.c:0:7
	w0 = -112
.Ltmp137:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp138:
.Ltmp139:
	w1 = *(u8 *)(r2 + 3)
.Ltmp140:
.Ltmp141:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp142:
	if w1 != 112 goto LBB2_5
.Ltmp143:
.Ltmp144:
# %bb.3:
	#DEBUG_VALUE: i <- 3
	#DEBUG_VALUE: my_strcmp:a <- $r2
	#DEBUG_VALUE: i <- 4
	.loc	0 0 7                           # switch.c:0:7
	w0 = -102
.Ltmp145:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp146:
.Ltmp147:
	w1 = *(u8 *)(r2 + 4)
.Ltmp148:
.Ltmp149:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp150:
	if w1 != 102 goto LBB2_5
.Ltmp151:
.Ltmp152:
# %bb.4:
	#DEBUG_VALUE: i <- 4
	#DEBUG_VALUE: my_strcmp:a <- $r2
	#DEBUG_VALUE: i <- 5
	.loc	0 0 7                           # switch.c:0:7
	w0 = 0
.Ltmp153:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp154:
.Ltmp155:
	w1 = *(u8 *)(r2 + 5)
.Ltmp156:
.Ltmp157:
	.loc	0 26 7                          # switch.c:26:7
.Ltmp158:
	if w1 == 0 goto LBB2_6
.Ltmp159:
.Ltmp160:
LBB2_5:
	#DEBUG_VALUE: my_strcmp:a <- $r2
	.loc	0 26 7                          # switch.c:26:7
.Ltmp161:
	w1 <<= 24
	w1 s>>= 24
	.loc	0 27 16 is_stmt 1               # switch.c:27:16
.Ltmp162:
	w0 += w1
.Ltmp163:
.Ltmp164:
LBB2_6:
	#DEBUG_VALUE: my_strcmp:a <- $r2
	.loc	0 32 1                          # switch.c:32:1
.Ltmp165:
	exit
.Ltmp166:
.Ltmp167:
.Lfunc_end2:
	.size	my_strcmp, .Lfunc_end2-my_strcmp
	.cfi_endproc
                                        # -- End function
	.type	name,@object                    # @name
	.data
	.globl	name
name:
	.asciz	"tsbpf\000\000\000\000\000\000\000\000\000\000"
	.size	name, 16

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.file	3 "/usr/include/linux" "if_ether.h" md5 0x163f54fb1af2e21fea410f14eb18fa76
	.file	4 "/usr/include/linux" "types.h" md5 0xa82ae197a4533c0fa7d08f3ccc99ef94
	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	7                               # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
	.long	.Ldebug_loc3-.Lloclists_table_base0
	.long	.Ldebug_loc4-.Lloclists_table_base0
	.long	.Ldebug_loc5-.Lloclists_table_base0
	.long	.Ldebug_loc6-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	3                               # DW_LLE_startx_length
	.byte	2                               #   start index
	.uleb128 .Ltmp9-.Lfunc_begin0           #   length
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc1:
	.byte	1                               # DW_LLE_base_addressx
	.byte	2                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp3-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp17-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	83                              # DW_OP_reg3
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc2:
	.byte	1                               # DW_LLE_base_addressx
	.byte	2                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp3-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp17-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	83                              # DW_OP_reg3
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc3:
	.byte	1                               # DW_LLE_base_addressx
	.byte	2                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp9-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp15-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc4:
	.byte	1                               # DW_LLE_base_addressx
	.byte	2                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp26-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp41-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc5:
	.byte	1                               # DW_LLE_base_addressx
	.byte	5                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin2-.Lfunc_begin1    #   starting offset
	.uleb128 .Ltmp119-.Lfunc_begin1         #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	0                               # 0
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp119-.Lfunc_begin1         #   starting offset
	.uleb128 .Ltmp127-.Lfunc_begin1         #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	1                               # 1
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp127-.Lfunc_begin1         #   starting offset
	.uleb128 .Ltmp135-.Lfunc_begin1         #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	2                               # 2
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp135-.Lfunc_begin1         #   starting offset
	.uleb128 .Ltmp143-.Lfunc_begin1         #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	3                               # 3
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp143-.Lfunc_begin1         #   starting offset
	.uleb128 .Ltmp151-.Lfunc_begin1         #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	4                               # 4
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp151-.Lfunc_begin1         #   starting offset
	.uleb128 .Ltmp159-.Lfunc_begin1         #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	5                               # 5
	.byte	159                             # DW_OP_stack_value
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc6:
	.byte	1                               # DW_LLE_base_addressx
	.byte	5                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp114-.Lfunc_begin1         #   starting offset
	.uleb128 .Lfunc_end2-.Lfunc_begin1      #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_list_header_end0:
	.section	.debug_abbrev,"",@progbits
	.byte	1                               # Abbreviation Code
	.byte	17                              # DW_TAG_compile_unit
	.byte	1                               # DW_CHILDREN_yes
	.byte	37                              # DW_AT_producer
	.byte	37                              # DW_FORM_strx1
	.byte	19                              # DW_AT_language
	.byte	5                               # DW_FORM_data2
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	114                             # DW_AT_str_offsets_base
	.byte	23                              # DW_FORM_sec_offset
	.byte	16                              # DW_AT_stmt_list
	.byte	23                              # DW_FORM_sec_offset
	.byte	27                              # DW_AT_comp_dir
	.byte	37                              # DW_FORM_strx1
	.byte	17                              # DW_AT_low_pc
	.byte	1                               # DW_FORM_addr
	.byte	85                              # DW_AT_ranges
	.byte	35                              # DW_FORM_rnglistx
	.byte	115                             # DW_AT_addr_base
	.byte	23                              # DW_FORM_sec_offset
	.byte	116                             # DW_AT_rnglists_base
	.byte	23                              # DW_FORM_sec_offset
	.ascii	"\214\001"                      # DW_AT_loclists_base
	.byte	23                              # DW_FORM_sec_offset
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	2                               # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	3                               # Abbreviation Code
	.byte	1                               # DW_TAG_array_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	4                               # Abbreviation Code
	.byte	33                              # DW_TAG_subrange_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	55                              # DW_AT_count
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	5                               # Abbreviation Code
	.byte	36                              # DW_TAG_base_type
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	62                              # DW_AT_encoding
	.byte	11                              # DW_FORM_data1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	6                               # Abbreviation Code
	.byte	36                              # DW_TAG_base_type
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	62                              # DW_AT_encoding
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	7                               # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	8                               # Abbreviation Code
	.byte	4                               # DW_TAG_enumeration_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	9                               # Abbreviation Code
	.byte	40                              # DW_TAG_enumerator
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	10                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	11                              # Abbreviation Code
	.byte	22                              # DW_TAG_typedef
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	13                              # Abbreviation Code
	.byte	46                              # DW_TAG_subprogram
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	64                              # DW_AT_frame_base
	.byte	24                              # DW_FORM_exprloc
	.byte	122                             # DW_AT_call_all_calls
	.byte	25                              # DW_FORM_flag_present
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	14                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	2                               # DW_AT_location
	.byte	34                              # DW_FORM_loclistx
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	15                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	2                               # DW_AT_location
	.byte	34                              # DW_FORM_loclistx
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	16                              # Abbreviation Code
	.byte	72                              # DW_TAG_call_site
	.byte	0                               # DW_CHILDREN_no
	.byte	127                             # DW_AT_call_origin
	.byte	19                              # DW_FORM_ref4
	.byte	125                             # DW_AT_call_return_pc
	.byte	27                              # DW_FORM_addrx
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	17                              # Abbreviation Code
	.byte	46                              # DW_TAG_subprogram
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	64                              # DW_AT_frame_base
	.byte	24                              # DW_FORM_exprloc
	.byte	122                             # DW_AT_call_all_calls
	.byte	25                              # DW_FORM_flag_present
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	18                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	19                              # Abbreviation Code
	.byte	46                              # DW_TAG_subprogram
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	64                              # DW_AT_frame_base
	.byte	24                              # DW_FORM_exprloc
	.byte	122                             # DW_AT_call_all_calls
	.byte	25                              # DW_FORM_flag_present
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	54                              # DW_AT_calling_convention
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	20                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	21                              # Abbreviation Code
	.byte	11                              # DW_TAG_lexical_block
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	22                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	23                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	56                              # DW_AT_data_member_location
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	24                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	25                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	56                              # DW_AT_data_member_location
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	26                              # Abbreviation Code
	.byte	38                              # DW_TAG_const_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	0                               # EOM(3)
	.section	.debug_info,"",@progbits
.Lcu_begin0:
	.long	.Ldebug_info_end0-.Ldebug_info_start0 # Length of Unit
.Ldebug_info_start0:
	.short	5                               # DWARF version number
	.byte	1                               # DWARF Unit Type
	.byte	8                               # Address Size (in bytes)
	.long	.debug_abbrev                   # Offset Into Abbrev. Section
	.byte	1                               # Abbrev [1] 0xc:0x1d2 DW_TAG_compile_unit
	.byte	0                               # DW_AT_producer
	.short	29                              # DW_AT_language
	.byte	1                               # DW_AT_name
	.long	.Lstr_offsets_base0             # DW_AT_str_offsets_base
	.long	.Lline_table_start0             # DW_AT_stmt_list
	.byte	2                               # DW_AT_comp_dir
	.quad	0                               # DW_AT_low_pc
	.byte	0                               # DW_AT_ranges
	.long	.Laddr_table_base0              # DW_AT_addr_base
	.long	.Lrnglists_table_base0          # DW_AT_rnglists_base
	.long	.Lloclists_table_base0          # DW_AT_loclists_base
	.byte	2                               # Abbrev [2] 0x2f:0xb DW_TAG_variable
	.byte	3                               # DW_AT_name
	.long	58                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	34                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	0
	.byte	3                               # Abbrev [3] 0x3a:0xc DW_TAG_array_type
	.long	70                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x3f:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	16                              # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x46:0x4 DW_TAG_base_type
	.byte	4                               # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	6                               # Abbrev [6] 0x4a:0x4 DW_TAG_base_type
	.byte	5                               # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # DW_AT_encoding
	.byte	7                               # Abbrev [7] 0x4e:0x7 DW_TAG_variable
	.long	85                              # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	47                              # DW_AT_decl_line
	.byte	3                               # Abbrev [3] 0x55:0xc DW_TAG_array_type
	.long	70                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x5a:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	6                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	2                               # Abbrev [2] 0x61:0xb DW_TAG_variable
	.byte	6                               # DW_AT_name
	.long	108                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	52                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	1
	.byte	3                               # Abbrev [3] 0x6c:0xc DW_TAG_array_type
	.long	70                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x71:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	8                               # Abbrev [8] 0x78:0x1a DW_TAG_enumeration_type
	.long	146                             # DW_AT_type
	.byte	13                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6089                            # DW_AT_decl_line
	.byte	9                               # Abbrev [9] 0x82:0x3 DW_TAG_enumerator
	.byte	8                               # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x85:0x3 DW_TAG_enumerator
	.byte	9                               # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x88:0x3 DW_TAG_enumerator
	.byte	10                              # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x8b:0x3 DW_TAG_enumerator
	.byte	11                              # DW_AT_name
	.byte	3                               # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x8e:0x3 DW_TAG_enumerator
	.byte	12                              # DW_AT_name
	.byte	4                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x92:0x4 DW_TAG_base_type
	.byte	7                               # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	10                              # Abbrev [10] 0x96:0x1 DW_TAG_pointer_type
	.byte	5                               # Abbrev [5] 0x97:0x4 DW_TAG_base_type
	.byte	14                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	11                              # Abbrev [11] 0x9b:0x8 DW_TAG_typedef
	.long	163                             # DW_AT_type
	.byte	16                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	24                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0xa3:0x4 DW_TAG_base_type
	.byte	15                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	2                               # DW_AT_byte_size
	.byte	12                              # Abbrev [12] 0xa7:0x5 DW_TAG_pointer_type
	.long	172                             # DW_AT_type
	.byte	5                               # Abbrev [5] 0xac:0x4 DW_TAG_base_type
	.byte	17                              # DW_AT_name
	.byte	8                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	13                              # Abbrev [13] 0xb0:0x49 DW_TAG_subprogram
	.byte	2                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	18                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	37                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	325                             # DW_AT_type
                                        # DW_AT_external
	.byte	14                              # Abbrev [14] 0xbf:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	22                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	37                              # DW_AT_decl_line
	.long	329                             # DW_AT_type
	.byte	15                              # Abbrev [15] 0xc8:0x9 DW_TAG_variable
	.byte	1                               # DW_AT_location
	.byte	31                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	41                              # DW_AT_decl_line
	.long	409                             # DW_AT_type
	.byte	15                              # Abbrev [15] 0xd1:0x9 DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	23                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	39                              # DW_AT_decl_line
	.long	150                             # DW_AT_type
	.byte	15                              # Abbrev [15] 0xda:0x9 DW_TAG_variable
	.byte	3                               # DW_AT_location
	.byte	37                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	40                              # DW_AT_decl_line
	.long	150                             # DW_AT_type
	.byte	15                              # Abbrev [15] 0xe3:0x9 DW_TAG_variable
	.byte	4                               # DW_AT_location
	.byte	38                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	46                              # DW_AT_decl_line
	.long	325                             # DW_AT_type
	.byte	16                              # Abbrev [16] 0xec:0x6 DW_TAG_call_site
	.long	249                             # DW_AT_call_origin
	.byte	3                               # DW_AT_call_return_pc
	.byte	16                              # Abbrev [16] 0xf2:0x6 DW_TAG_call_site
	.long	275                             # DW_AT_call_origin
	.byte	4                               # DW_AT_call_return_pc
	.byte	0                               # End Of Children Mark
	.byte	17                              # Abbrev [17] 0xf9:0x1a DW_TAG_subprogram
	.byte	5                               # DW_AT_low_pc
	.long	.Lfunc_end1-.Lfunc_begin1       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	20                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	325                             # DW_AT_type
	.byte	18                              # Abbrev [18] 0x108:0xa DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	81
	.byte	39                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
	.long	325                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	19                              # Abbrev [19] 0x113:0x32 DW_TAG_subprogram
	.byte	6                               # DW_AT_low_pc
	.long	.Lfunc_end2-.Lfunc_begin2       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	21                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.byte	3                               # DW_AT_calling_convention
	.long	325                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x123:0x9 DW_TAG_formal_parameter
	.byte	6                               # DW_AT_location
	.byte	41                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
	.long	467                             # DW_AT_type
	.byte	20                              # Abbrev [20] 0x12c:0x8 DW_TAG_formal_parameter
	.byte	42                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
	.long	467                             # DW_AT_type
	.byte	21                              # Abbrev [21] 0x134:0x10 DW_TAG_lexical_block
	.byte	7                               # DW_AT_low_pc
	.long	.Ltmp163-.Ltmp111               # DW_AT_high_pc
	.byte	15                              # Abbrev [15] 0x13a:0x9 DW_TAG_variable
	.byte	5                               # DW_AT_location
	.byte	40                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	25                              # DW_AT_decl_line
	.long	325                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x145:0x4 DW_TAG_base_type
	.byte	19                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	12                              # Abbrev [12] 0x149:0x5 DW_TAG_pointer_type
	.long	334                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x14e:0x43 DW_TAG_structure_type
	.byte	30                              # DW_AT_name
	.byte	24                              # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6100                            # DW_AT_decl_line
	.byte	23                              # Abbrev [23] 0x154:0xa DW_TAG_member
	.byte	23                              # DW_AT_name
	.long	401                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6101                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	23                              # Abbrev [23] 0x15e:0xa DW_TAG_member
	.byte	25                              # DW_AT_name
	.long	401                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6102                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	23                              # Abbrev [23] 0x168:0xa DW_TAG_member
	.byte	26                              # DW_AT_name
	.long	401                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6103                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	23                              # Abbrev [23] 0x172:0xa DW_TAG_member
	.byte	27                              # DW_AT_name
	.long	401                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6105                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	23                              # Abbrev [23] 0x17c:0xa DW_TAG_member
	.byte	28                              # DW_AT_name
	.long	401                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6106                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	23                              # Abbrev [23] 0x186:0xa DW_TAG_member
	.byte	29                              # DW_AT_name
	.long	401                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6108                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0x191:0x8 DW_TAG_typedef
	.long	146                             # DW_AT_type
	.byte	24                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	12                              # Abbrev [12] 0x199:0x5 DW_TAG_pointer_type
	.long	414                             # DW_AT_type
	.byte	24                              # Abbrev [24] 0x19e:0x21 DW_TAG_structure_type
	.byte	36                              # DW_AT_name
	.byte	14                              # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.byte	173                             # DW_AT_decl_line
	.byte	25                              # Abbrev [25] 0x1a3:0x9 DW_TAG_member
	.byte	32                              # DW_AT_name
	.long	447                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.byte	174                             # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	25                              # Abbrev [25] 0x1ac:0x9 DW_TAG_member
	.byte	33                              # DW_AT_name
	.long	447                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.byte	175                             # DW_AT_decl_line
	.byte	6                               # DW_AT_data_member_location
	.byte	25                              # Abbrev [25] 0x1b5:0x9 DW_TAG_member
	.byte	34                              # DW_AT_name
	.long	459                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.byte	176                             # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	3                               # Abbrev [3] 0x1bf:0xc DW_TAG_array_type
	.long	172                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x1c4:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	6                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0x1cb:0x8 DW_TAG_typedef
	.long	155                             # DW_AT_type
	.byte	35                              # DW_AT_name
	.byte	4                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
	.byte	12                              # Abbrev [12] 0x1d3:0x5 DW_TAG_pointer_type
	.long	472                             # DW_AT_type
	.byte	26                              # Abbrev [26] 0x1d8:0x5 DW_TAG_const_type
	.long	70                              # DW_AT_type
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_rnglists,"",@progbits
	.long	.Ldebug_list_header_end1-.Ldebug_list_header_start1 # Length
.Ldebug_list_header_start1:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	1                               # Offset entry count
.Lrnglists_table_base0:
	.long	.Ldebug_ranges0-.Lrnglists_table_base0
.Ldebug_ranges0:
	.byte	3                               # DW_RLE_startx_length
	.byte	2                               #   start index
	.uleb128 .Lfunc_end0-.Lfunc_begin0      #   length
	.byte	3                               # DW_RLE_startx_length
	.byte	5                               #   start index
	.uleb128 .Lfunc_end2-.Lfunc_begin1      #   length
	.byte	0                               # DW_RLE_end_of_list
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	176                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"switch.c"                      # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=49
.Linfo_string3:
	.asciz	"name"                          # string offset=51
.Linfo_string4:
	.asciz	"char"                          # string offset=56
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=61
.Linfo_string6:
	.asciz	"LICENSE"                       # string offset=81
.Linfo_string7:
	.asciz	"unsigned int"                  # string offset=89
.Linfo_string8:
	.asciz	"XDP_ABORTED"                   # string offset=102
.Linfo_string9:
	.asciz	"XDP_DROP"                      # string offset=114
.Linfo_string10:
	.asciz	"XDP_PASS"                      # string offset=123
.Linfo_string11:
	.asciz	"XDP_TX"                        # string offset=132
.Linfo_string12:
	.asciz	"XDP_REDIRECT"                  # string offset=139
.Linfo_string13:
	.asciz	"xdp_action"                    # string offset=152
.Linfo_string14:
	.asciz	"long"                          # string offset=163
.Linfo_string15:
	.asciz	"unsigned short"                # string offset=168
.Linfo_string16:
	.asciz	"__u16"                         # string offset=183
.Linfo_string17:
	.asciz	"unsigned char"                 # string offset=189
.Linfo_string18:
	.asciz	"dispatch"                      # string offset=203
.Linfo_string19:
	.asciz	"int"                           # string offset=212
.Linfo_string20:
	.asciz	"classify"                      # string offset=216
.Linfo_string21:
	.asciz	"my_strcmp"                     # string offset=225
.Linfo_string22:
	.asciz	"ctx"                           # string offset=235
.Linfo_string23:
	.asciz	"data"                          # string offset=239
.Linfo_string24:
	.asciz	"__u32"                         # string offset=244
.Linfo_string25:
	.asciz	"data_end"                      # string offset=250
.Linfo_string26:
	.asciz	"data_meta"                     # string offset=259
.Linfo_string27:
	.asciz	"ingress_ifindex"               # string offset=269
.Linfo_string28:
	.asciz	"rx_queue_index"                # string offset=285
.Linfo_string29:
	.asciz	"egress_ifindex"                # string offset=300
.Linfo_string30:
	.asciz	"xdp_md"                        # string offset=315
.Linfo_string31:
	.asciz	"eth"                           # string offset=322
.Linfo_string32:
	.asciz	"h_dest"                        # string offset=326
.Linfo_string33:
	.asciz	"h_source"                      # string offset=333
.Linfo_string34:
	.asciz	"h_proto"                       # string offset=342
.Linfo_string35:
	.asciz	"__be16"                        # string offset=350
.Linfo_string36:
	.asciz	"ethhdr"                        # string offset=357
.Linfo_string37:
	.asciz	"end"                           # string offset=364
.Linfo_string38:
	.asciz	"k"                             # string offset=368
.Linfo_string39:
	.asciz	"c"                             # string offset=370
.Linfo_string40:
	.asciz	"i"                             # string offset=372
.Linfo_string41:
	.asciz	"a"                             # string offset=374
.Linfo_string42:
	.asciz	"b"                             # string offset=376
	.section	.debug_str_offsets,"",@progbits
	.long	.Linfo_string0
	.long	.Linfo_string1
	.long	.Linfo_string2
	.long	.Linfo_string3
	.long	.Linfo_string4
	.long	.Linfo_string5
	.long	.Linfo_string6
	.long	.Linfo_string7
	.long	.Linfo_string8
	.long	.Linfo_string9
	.long	.Linfo_string10
	.long	.Linfo_string11
	.long	.Linfo_string12
	.long	.Linfo_string13
	.long	.Linfo_string14
	.long	.Linfo_string15
	.long	.Linfo_string16
	.long	.Linfo_string17
	.long	.Linfo_string18
	.long	.Linfo_string19
	.long	.Linfo_string20
	.long	.Linfo_string21
	.long	.Linfo_string22
	.long	.Linfo_string23
	.long	.Linfo_string24
	.long	.Linfo_string25
	.long	.Linfo_string26
	.long	.Linfo_string27
	.long	.Linfo_string28
	.long	.Linfo_string29
	.long	.Linfo_string30
	.long	.Linfo_string31
	.long	.Linfo_string32
	.long	.Linfo_string33
	.long	.Linfo_string34
	.long	.Linfo_string35
	.long	.Linfo_string36
	.long	.Linfo_string37
	.long	.Linfo_string38
	.long	.Linfo_string39
	.long	.Linfo_string40
	.long	.Linfo_string41
	.long	.Linfo_string42
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	name
	.quad	LICENSE
	.quad	.Lfunc_begin0
	.quad	.Ltmp25
	.quad	.Ltmp29
	.quad	.Lfunc_begin1
	.quad	.Lfunc_begin2
	.quad	.Ltmp111
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	428
	.long	428
	.long	821
	.long	0                               # BTF_KIND_PTR(id = 1)
	.long	33554432                        # 0x2000000
	.long	2
	.long	1                               # BTF_KIND_STRUCT(id = 2)
	.long	67108870                        # 0x4000006
	.long	24
	.long	8
	.long	3
	.long	0                               # 0x0
	.long	13
	.long	3
	.long	32                              # 0x20
	.long	22
	.long	3
	.long	64                              # 0x40
	.long	32
	.long	3
	.long	96                              # 0x60
	.long	48
	.long	3
	.long	128                             # 0x80
	.long	63
	.long	3
	.long	160                             # 0xa0
	.long	78                              # BTF_KIND_TYPEDEF(id = 3)
	.long	134217728                       # 0x8000000
	.long	4
	.long	84                              # BTF_KIND_INT(id = 4)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 5)
	.long	218103809                       # 0xd000001
	.long	6
	.long	97
	.long	1
	.long	101                             # BTF_KIND_INT(id = 6)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	105                             # BTF_KIND_FUNC(id = 7)
	.long	201326593                       # 0xc000001
	.long	5
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 8)
	.long	218103809                       # 0xd000001
	.long	6
	.long	444
	.long	6
	.long	446                             # BTF_KIND_FUNC(id = 9)
	.long	201326592                       # 0xc000000
	.long	8
	.long	0                               # BTF_KIND_PTR(id = 10)
	.long	33554432                        # 0x2000000
	.long	11
	.long	0                               # BTF_KIND_CONST(id = 11)
	.long	167772160                       # 0xa000000
	.long	12
	.long	635                             # BTF_KIND_INT(id = 12)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 13)
	.long	218103810                       # 0xd000002
	.long	6
	.long	640
	.long	10
	.long	642
	.long	10
	.long	644                             # BTF_KIND_FUNC(id = 14)
	.long	201326592                       # 0xc000000
	.long	13
	.long	0                               # BTF_KIND_ARRAY(id = 15)
	.long	50331648                        # 0x3000000
	.long	0
	.long	12
	.long	16
	.long	16
	.long	774                             # BTF_KIND_INT(id = 16)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	794                             # BTF_KIND_VAR(id = 17)
	.long	234881024                       # 0xe000000
	.long	15
	.long	1
	.long	0                               # BTF_KIND_ARRAY(id = 18)
	.long	50331648                        # 0x3000000
	.long	0
	.long	12
	.long	16
	.long	4
	.long	799                             # BTF_KIND_VAR(id = 19)
	.long	234881024                       # 0xe000000
	.long	18
	.long	1
	.long	807                             # BTF_KIND_DATASEC(id = 20)
	.long	251658241                       # 0xf000001
	.long	0
	.long	17
	.long	name
	.long	16
	.long	813                             # BTF_KIND_DATASEC(id = 21)
	.long	251658241                       # 0xf000001
	.long	0
	.long	19
	.long	LICENSE
	.long	4
	.byte	0                               # string offset=0
	.ascii	"xdp_md"                        # string offset=1
	.byte	0
	.ascii	"data"                          # string offset=8
	.byte	0
	.ascii	"data_end"                      # string offset=13
	.byte	0
	.ascii	"data_meta"                     # string offset=22
	.byte	0
	.ascii	"ingress_ifindex"               # string offset=32
	.byte	0
	.ascii	"rx_queue_index"                # string offset=48
	.byte	0
	.ascii	"egress_ifindex"                # string offset=63
	.byte	0
	.ascii	"__u32"                         # string offset=78
	.byte	0
	.ascii	"unsigned int"                  # string offset=84
	.byte	0
	.ascii	"ctx"                           # string offset=97
	.byte	0
	.ascii	"int"                           # string offset=101
	.byte	0
	.ascii	"dispatch"                      # string offset=105
	.byte	0
	.ascii	"xdp"                           # string offset=114
	.byte	0
	.ascii	"./switch.c"                    # string offset=118
	.byte	0
	.ascii	"int dispatch(struct xdp_md *ctx)" # string offset=129
	.byte	0
	.ascii	"\tvoid *data = (void *)(long)ctx->data;" # string offset=162
	.byte	0
	.ascii	"\tif ((void *)(eth + 1) > end)" # string offset=201
	.byte	0
	.ascii	"\tvoid *end = (void *)(long)ctx->data_end;" # string offset=231
	.byte	0
	.ascii	"\tif (eth->h_proto != bpf_htons(ETH_P_IP))" # string offset=273
	.byte	0
	.ascii	"\tint k = classify(((unsigned char *)data)[14] & 15);" # string offset=315
	.byte	0
	.ascii	"\tif (my_strcmp(name, \"tsbpf\") == 0)" # string offset=368
	.byte	0
	.ascii	"\treturn k > 50 ? XDP_DROP : XDP_PASS;" # string offset=404
	.byte	0
	.byte	125                             # string offset=442
	.byte	0
	.byte	99                              # string offset=444
	.byte	0
	.ascii	"classify"                      # string offset=446
	.byte	0
	.ascii	".text"                         # string offset=455
	.byte	0
	.ascii	"\tswitch (c) {"                # string offset=461
	.byte	0
	.ascii	"\tcase 1: return 23;"          # string offset=475
	.byte	0
	.ascii	"\tcase 5: return 67;"          # string offset=495
	.byte	0
	.ascii	"\tcase 8: return 97;"          # string offset=515
	.byte	0
	.ascii	"\tcase 3: return 41;"          # string offset=535
	.byte	0
	.ascii	"\tcase 2: return 37;"          # string offset=555
	.byte	0
	.ascii	"\tcase 6: return 71;"          # string offset=575
	.byte	0
	.ascii	"\tcase 4: return 53;"          # string offset=595
	.byte	0
	.ascii	"\tcase 7: return 83;"          # string offset=615
	.byte	0
	.ascii	"char"                          # string offset=635
	.byte	0
	.byte	97                              # string offset=640
	.byte	0
	.byte	98                              # string offset=642
	.byte	0
	.ascii	"my_strcmp"                     # string offset=644
	.byte	0
	.ascii	"static __attribute__((noinline)) int my_strcmp(const char *a, const char *b)" # string offset=654
	.byte	0
	.ascii	"\t\tif (a[i] != b[i])"         # string offset=731
	.byte	0
	.ascii	"\t\t\treturn a[i] - b[i];"     # string offset=751
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=774
	.byte	0
	.ascii	"name"                          # string offset=794
	.byte	0
	.ascii	"LICENSE"                       # string offset=799
	.byte	0
	.ascii	".data"                         # string offset=807
	.byte	0
	.ascii	"license"                       # string offset=813
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	44
	.long	44
	.long	724
	.long	768
	.long	0
	.long	8                               # FuncInfo
	.long	114                             # FuncInfo section string offset=114
	.long	1
	.long	.Lfunc_begin0
	.long	7
	.long	455                             # FuncInfo section string offset=455
	.long	2
	.long	.Lfunc_begin1
	.long	9
	.long	.Lfunc_begin2
	.long	14
	.long	16                              # LineInfo
	.long	114                             # LineInfo section string offset=114
	.long	15
	.long	.Lfunc_begin0
	.long	118
	.long	129
	.long	37888                           # Line 37 Col 0
	.long	.Ltmp2
	.long	118
	.long	162
	.long	39970                           # Line 39 Col 34
	.long	.Ltmp5
	.long	118
	.long	201
	.long	43027                           # Line 42 Col 19
	.long	.Ltmp8
	.long	118
	.long	231
	.long	40993                           # Line 40 Col 33
	.long	.Ltmp11
	.long	118
	.long	201
	.long	43014                           # Line 42 Col 6
	.long	.Ltmp14
	.long	118
	.long	273
	.long	45067                           # Line 44 Col 11
	.long	.Ltmp21
	.long	118
	.long	273
	.long	45062                           # Line 44 Col 6
	.long	.Ltmp22
	.long	118
	.long	315
	.long	47123                           # Line 46 Col 19
	.long	.Ltmp23
	.long	118
	.long	315
	.long	47151                           # Line 46 Col 47
	.long	.Ltmp24
	.long	118
	.long	315
	.long	47114                           # Line 46 Col 10
	.long	.Ltmp28
	.long	118
	.long	368
	.long	48134                           # Line 47 Col 6
	.long	.Ltmp30
	.long	118
	.long	368
	.long	48159                           # Line 47 Col 31
	.long	.Ltmp35
	.long	118
	.long	368
	.long	48134                           # Line 47 Col 6
	.long	.Ltmp38
	.long	118
	.long	404
	.long	50185                           # Line 49 Col 9
	.long	.Ltmp43
	.long	118
	.long	442
	.long	51201                           # Line 50 Col 1
	.long	455                             # LineInfo section string offset=455
	.long	29
	.long	.Ltmp46
	.long	118
	.long	461
	.long	9218                            # Line 9 Col 2
	.long	.Ltmp57
	.long	118
	.long	475
	.long	11274                           # Line 11 Col 10
	.long	.Ltmp60
	.long	118
	.long	461
	.long	9218                            # Line 9 Col 2
	.long	.Ltmp69
	.long	118
	.long	495
	.long	15370                           # Line 15 Col 10
	.long	.Ltmp72
	.long	118
	.long	461
	.long	9218                            # Line 9 Col 2
	.long	.Ltmp81
	.long	118
	.long	515
	.long	18442                           # Line 18 Col 10
	.long	.Ltmp84
	.long	118
	.long	461
	.long	9218                            # Line 9 Col 2
	.long	.Ltmp91
	.long	118
	.long	535
	.long	13322                           # Line 13 Col 10
	.long	.Ltmp94
	.long	118
	.long	555
	.long	12298                           # Line 12 Col 10
	.long	.Ltmp97
	.long	118
	.long	575
	.long	16394                           # Line 16 Col 10
	.long	.Ltmp100
	.long	118
	.long	595
	.long	14346                           # Line 14 Col 10
	.long	.Ltmp103
	.long	118
	.long	615
	.long	17418                           # Line 17 Col 10
	.long	.Ltmp108
	.long	118
	.long	442
	.long	21505                           # Line 21 Col 1
	.long	.Lfunc_begin2
	.long	118
	.long	654
	.long	23552                           # Line 23 Col 0
	.long	.Ltmp113
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp118
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp123
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp126
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp131
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp134
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp139
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp142
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp147
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp150
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp155
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp158
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp161
	.long	118
	.long	731
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp162
	.long	118
	.long	751
	.long	27664                           # Line 27 Col 16
	.long	.Ltmp165
	.long	118
	.long	442
	.long	32769                           # Line 32 Col 1
	.addrsig
	.addrsig_sym dispatch
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
