	.text
	.file	"subprog.c"
	.file	0 "." "subprog.c" md5 0xca2d763a519cac5a5bca05cdc81e146b
	.file	1 "/usr/include/linux" "bpf.h" md5 0x8ab7bf195d20e2851bf1a9e5b71245ca
	.globl	global_mix                      # -- Begin function global_mix
	.p2align	3
	.type	global_mix,@function
global_mix:                             # @global_mix
.Lfunc_begin0:
	.loc	0 14 0                          # subprog.c:14:0
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: global_mix:a <- $w1
	#DEBUG_VALUE: global_mix:b <- $w2
	w6 = w1
.Ltmp0:
.Ltmp1:
	#DEBUG_VALUE: global_mix:a <- $w6
	.loc	0 15 6 prologue_end             # subprog.c:15:6
.Ltmp2:
	if w6 s<= w2 goto LBB0_2
.Ltmp3:
.Ltmp4:
# %bb.1:
	#DEBUG_VALUE: global_mix:a <- $w6
	#DEBUG_VALUE: global_mix:b <- $w2
	.loc	0 16 12                         # subprog.c:16:12
.Ltmp5:
	w6 -= w2
.Ltmp6:
.Ltmp7:
	.loc	0 16 3 is_stmt 0                # subprog.c:16:3
.Ltmp8:
	goto LBB0_3
.Ltmp9:
.Ltmp10:
LBB0_2:
	#DEBUG_VALUE: global_mix:a <- $w6
	#DEBUG_VALUE: global_mix:b <- $w2
	.loc	0 17 9 is_stmt 1                # subprog.c:17:9
.Ltmp11:
	w1 = w2
	call sum_to
.Ltmp12:
.Ltmp13:
	.loc	0 17 19 is_stmt 0               # subprog.c:17:19
.Ltmp14:
	w0 ^= w6
	w6 = w0
.Ltmp15:
.Ltmp16:
LBB0_3:
	.loc	0 18 1 is_stmt 1                # subprog.c:18:1
.Ltmp17:
	w0 = w6
	exit
.Ltmp18:
.Ltmp19:
.Lfunc_end0:
	.size	global_mix, .Lfunc_end0-global_mix
	.cfi_endproc
                                        # -- End function
	.p2align	3                               # -- Begin function sum_to
	.type	sum_to,@function
sum_to:                                 # @sum_to
.Lfunc_begin1:
	.loc	0 6 0                           # subprog.c:6:0
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: sum_to:n <- $w1
                                        # kill: def $w1 killed $w1 def $r1
	#DEBUG_VALUE: i <- 0
	#DEBUG_VALUE: sum_to:s <- 0
	w0 = 0
.Ltmp20:
	.loc	0 8 2 prologue_end              # subprog.c:8:2
.Ltmp21:
.Ltmp22:
	if w1 s< 1 goto LBB1_4
.Ltmp23:
.Ltmp24:
# %bb.1:
	#DEBUG_VALUE: sum_to:s <- 0
	#DEBUG_VALUE: i <- 0
	#DEBUG_VALUE: sum_to:n <- $w1
	w1 += -1
.Ltmp25:
.Ltmp26:
	if w1 < 63 goto LBB1_3
.Ltmp27:
.Ltmp28:
# %bb.2:
	#DEBUG_VALUE: sum_to:s <- 0
	#DEBUG_VALUE: i <- 0
	.loc	0 0 2 is_stmt 0                 # subprog.c:0:2
	w1 = 63
.Ltmp29:
.Ltmp30:
LBB1_3:
	#DEBUG_VALUE: sum_to:s <- 0
	#DEBUG_VALUE: i <- 0
	.loc	0 8 2                           # subprog.c:8:2
	w2 = w1
	w2 += -1
	r3 = r1
	r3 *= r2
	w2 = w1
	w2 += -2
	w4 = w3
	w4 *= w2
	w4 >>= 1
	w4 *= 1431655766
.Ltmp31:
.Ltmp32:
	#DEBUG_VALUE: i <- undef
	#DEBUG_VALUE: sum_to:s <- undef
	w1 += w4
	r3 >>= 1
	w3 *= 3
	w1 += w3
	w0 = w1
.Ltmp33:
.Ltmp34:
LBB1_4:
	.loc	0 10 2 is_stmt 1                # subprog.c:10:2
.Ltmp35:
	exit
.Ltmp36:
.Ltmp37:
.Lfunc_end1:
	.size	sum_to, .Lfunc_end1-sum_to
	.cfi_endproc
                                        # -- End function
	.section	socket,"ax",@progbits
	.globl	prog_main                       # -- Begin function prog_main
	.p2align	3
	.type	prog_main,@function
prog_main:                              # @prog_main
.Lfunc_begin2:
	.loc	0 33 0                          # subprog.c:33:0
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: prog_main:skb <- $r1
	r6 = r1
.Ltmp38:
.Ltmp39:
	#DEBUG_VALUE: prog_main:skb <- $r6
	.loc	0 34 22 prologue_end            # subprog.c:34:22
.Ltmp40:
	w1 = *(u32 *)(r6 + 0)
	.loc	0 34 26 is_stmt 0               # subprog.c:34:26
.Ltmp41:
	w1 &= 31
	.loc	0 34 10                         # subprog.c:34:10
.Ltmp42:
	call sum_to
.Ltmp43:
	w7 = w0
.Ltmp44:
.Ltmp45:
	#DEBUG_VALUE: prog_main:r <- $w7
	.loc	0 35 23 is_stmt 1               # subprog.c:35:23
.Ltmp46:
	w1 = *(u32 *)(r6 + 16)
	.loc	0 35 7 is_stmt 0                # subprog.c:35:7
.Ltmp47:
	w2 = w7
	call global_mix
.Ltmp48:
	w8 = w0
	.loc	0 35 4                          # subprog.c:35:4
.Ltmp49:
	w8 += w7
.Ltmp50:
.Ltmp51:
	#DEBUG_VALUE: prog_main:r <- $w8
	.loc	0 36 27 is_stmt 1               # subprog.c:36:27
.Ltmp52:
	w1 = *(u32 *)(r6 + 8)
	.loc	0 36 18 is_stmt 0               # subprog.c:36:18
.Ltmp53:
	call fib
.Ltmp54:
	.loc	0 36 11                         # subprog.c:36:11
.Ltmp55:
	w8 += w0
.Ltmp56:
.Ltmp57:
	.loc	0 36 2                          # subprog.c:36:2
.Ltmp58:
	w0 = w8
	exit
.Ltmp59:
.Ltmp60:
.Lfunc_end2:
	.size	prog_main, .Lfunc_end2-prog_main
	.cfi_endproc
                                        # -- End function
	.text
	.p2align	3                               # -- Begin function fib
	.type	fib,@function
fib:                                    # @fib
.Lfunc_begin3:
	.loc	0 21 0 is_stmt 1                # subprog.c:21:0
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: fib:n <- $w1
	#DEBUG_VALUE: fib:a <- 0
	#DEBUG_VALUE: i <- 0
	#DEBUG_VALUE: fib:b <- 1
	r0 = 0
.Ltmp61:
	.loc	0 23 2 prologue_end             # subprog.c:23:2
.Ltmp62:
.Ltmp63:
	if w1 == 0 goto LBB3_4
.Ltmp64:
.Ltmp65:
# %bb.1:
	#DEBUG_VALUE: fib:b <- 1
	#DEBUG_VALUE: i <- 0
	#DEBUG_VALUE: fib:a <- 0
	#DEBUG_VALUE: fib:n <- $w1
	.loc	0 0 2 is_stmt 0                 # subprog.c:0:2
	r2 = 1
	r3 = 0
	w4 = 1
.Ltmp66:
.Ltmp67:
LBB3_2:                                 # =>This Inner Loop Header: Depth=1
	#DEBUG_VALUE: fib:n <- $w1
	w5 = w4
.Ltmp68:
.Ltmp69:
	#DEBUG_VALUE: t <- undef
	#DEBUG_VALUE: fib:b <- undef
	#DEBUG_VALUE: i <- $w5
	#DEBUG_VALUE: fib:a <- $r2
	r0 = r2
	.loc	0 23 2                          # subprog.c:23:2
	if w5 >= w1 goto LBB3_4
.Ltmp70:
.Ltmp71:
# %bb.3:                                #   in Loop: Header=BB3_2 Depth=1
	#DEBUG_VALUE: fib:a <- $r2
	#DEBUG_VALUE: i <- $w5
	#DEBUG_VALUE: fib:n <- $w1
	.loc	0 0 0                           # subprog.c:0:0
	r6 = r3
	r6 += r2
.Ltmp72:
.Ltmp73:
	#DEBUG_VALUE: t <- $r6
	#DEBUG_VALUE: fib:b <- $r6
	.loc	0 23 2                          # subprog.c:23:2
	w4 = w5
	w4 += 1
	r0 = r2
	r3 = r2
	r2 = r6
.Ltmp74:
.Ltmp75:
	#DEBUG_VALUE: t <- $r2
	#DEBUG_VALUE: fib:b <- $r2
	if w5 < 90 goto LBB3_2
.Ltmp76:
.Ltmp77:
LBB3_4:
	#DEBUG_VALUE: fib:n <- $w1
	.loc	0 28 2 is_stmt 1                # subprog.c:28:2
.Ltmp78:
	exit
.Ltmp79:
.Ltmp80:
.Lfunc_end3:
	.size	fib, .Lfunc_end3-fib
	.cfi_endproc
                                        # -- End function
	.section	xdp,"ax",@progbits
	.globl	prog_second                     # -- Begin function prog_second
	.p2align	3
	.type	prog_second,@function
prog_second:                            # @prog_second
.Lfunc_begin4:
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: prog_second:ctx <- $r1
	.loc	0 42 21 prologue_end            # subprog.c:42:21
.Ltmp81:
	w1 = *(u32 *)(r1 + 16)
.Ltmp82:
.Ltmp83:
	.loc	0 42 9 is_stmt 0                # subprog.c:42:9
.Ltmp84:
	call sum_to
.Ltmp85:
	w1 = w0
	w0 = 1
	if w1 s> 10 goto LBB4_2
# %bb.1:
	.loc	0 0 9                           # subprog.c:0:9
	w0 = 2
LBB4_2:
	.loc	0 42 2                          # subprog.c:42:2
.Ltmp86:
	exit
.Ltmp87:
.Ltmp88:
.Lfunc_end4:
	.size	prog_second, .Lfunc_end4-prog_second
	.cfi_endproc
                                        # -- End function
	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.file	2 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.file	3 "/usr/include/linux" "types.h" md5 0xa82ae197a4533c0fa7d08f3ccc99ef94
	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	11                              # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
	.long	.Ldebug_loc3-.Lloclists_table_base0
	.long	.Ldebug_loc4-.Lloclists_table_base0
	.long	.Ldebug_loc5-.Lloclists_table_base0
	.long	.Ldebug_loc6-.Lloclists_table_base0
	.long	.Ldebug_loc7-.Lloclists_table_base0
	.long	.Ldebug_loc8-.Lloclists_table_base0
	.long	.Ldebug_loc9-.Lloclists_table_base0
	.long	.Ldebug_loc10-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp0-.Lfunc_begin0           #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp0-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp6-.Lfunc_begin0           #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp9-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp15-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc1:
	.byte	3                               # DW_LLE_startx_length
	.byte	1                               #   start index
	.uleb128 .Ltmp12-.Lfunc_begin0          #   length
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc2:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin1-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp25-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc3:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin1-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp31-.Lfunc_begin0          #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	0                               # 0
	.byte	159                             # DW_OP_stack_value
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc4:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin1-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp31-.Lfunc_begin0          #   ending offset
	.byte	3                               # Loc expr size
	.byte	17                              # DW_OP_consts
	.byte	0                               # 0
	.byte	159                             # DW_OP_stack_value
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc5:
	.byte	1                               # DW_LLE_base_addressx
	.byte	5                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin2-.Lfunc_begin2    #   starting offset
	.uleb128 .Ltmp38-.Lfunc_begin2          #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp38-.Lfunc_begin2          #   starting offset
	.uleb128 .Lfunc_end2-.Lfunc_begin2      #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc6:
	.byte	1                               # DW_LLE_base_addressx
	.byte	5                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp44-.Lfunc_begin2          #   starting offset
	.uleb128 .Ltmp50-.Lfunc_begin2          #   ending offset
	.byte	1                               # Loc expr size
	.byte	87                              # DW_OP_reg7
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp50-.Lfunc_begin2          #   starting offset
	.uleb128 .Ltmp56-.Lfunc_begin2          #   ending offset
	.byte	1                               # Loc expr size
	.byte	88                              # DW_OP_reg8
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc7:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin3-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp66-.Lfunc_begin0          #   ending offset
	.byte	2                               # Loc expr size
	.byte	48                              # DW_OP_lit0
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp68-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp74-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc8:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin3-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp66-.Lfunc_begin0          #   ending offset
	.byte	2                               # Loc expr size
	.byte	48                              # DW_OP_lit0
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp68-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp76-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	85                              # DW_OP_reg5
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc9:
	.byte	1                               # DW_LLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin3-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp66-.Lfunc_begin0          #   ending offset
	.byte	2                               # Loc expr size
	.byte	49                              # DW_OP_lit1
	.byte	159                             # DW_OP_stack_value
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp72-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp74-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp74-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp76-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc10:
	.byte	3                               # DW_LLE_startx_length
	.byte	11                              #   start index
	.uleb128 .Ltmp82-.Lfunc_begin4          #   length
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
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
	.byte	8                               # Abbreviation Code
	.byte	40                              # DW_TAG_enumerator
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	9                               # Abbreviation Code
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
	.byte	10                              # Abbreviation Code
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
	.byte	11                              # Abbreviation Code
	.byte	72                              # DW_TAG_call_site
	.byte	0                               # DW_CHILDREN_no
	.byte	127                             # DW_AT_call_origin
	.byte	19                              # DW_FORM_ref4
	.byte	125                             # DW_AT_call_return_pc
	.byte	27                              # DW_FORM_addrx
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
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
	.byte	13                              # Abbreviation Code
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
	.byte	14                              # Abbreviation Code
	.byte	11                              # DW_TAG_lexical_block
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	15                              # Abbreviation Code
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
	.byte	16                              # Abbreviation Code
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
	.byte	17                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	18                              # Abbreviation Code
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
	.byte	19                              # Abbreviation Code
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
	.byte	20                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.ascii	"\210\001"                      # DW_AT_alignment
	.byte	15                              # DW_FORM_udata
	.byte	56                              # DW_AT_data_member_location
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	21                              # Abbreviation Code
	.byte	23                              # DW_TAG_union_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.ascii	"\210\001"                      # DW_AT_alignment
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	22                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
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
	.byte	23                              # Abbreviation Code
	.byte	23                              # DW_TAG_union_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	24                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
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
	.byte	1                               # Abbrev [1] 0xc:0x4e5 DW_TAG_compile_unit
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
	.byte	45                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	0
	.byte	3                               # Abbrev [3] 0x3a:0xc DW_TAG_array_type
	.long	70                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x3f:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x46:0x4 DW_TAG_base_type
	.byte	4                               # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	6                               # Abbrev [6] 0x4a:0x4 DW_TAG_base_type
	.byte	5                               # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # DW_AT_encoding
	.byte	7                               # Abbrev [7] 0x4e:0x1a DW_TAG_enumeration_type
	.long	104                             # DW_AT_type
	.byte	12                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6089                            # DW_AT_decl_line
	.byte	8                               # Abbrev [8] 0x58:0x3 DW_TAG_enumerator
	.byte	7                               # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	8                               # Abbrev [8] 0x5b:0x3 DW_TAG_enumerator
	.byte	8                               # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	8                               # Abbrev [8] 0x5e:0x3 DW_TAG_enumerator
	.byte	9                               # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	8                               # Abbrev [8] 0x61:0x3 DW_TAG_enumerator
	.byte	10                              # DW_AT_name
	.byte	3                               # DW_AT_const_value
	.byte	8                               # Abbrev [8] 0x64:0x3 DW_TAG_enumerator
	.byte	11                              # DW_AT_name
	.byte	4                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x68:0x4 DW_TAG_base_type
	.byte	6                               # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	5                               # Abbrev [5] 0x6c:0x4 DW_TAG_base_type
	.byte	13                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	9                               # Abbrev [9] 0x70:0x28 DW_TAG_subprogram
	.byte	1                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	14                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	108                             # DW_AT_type
                                        # DW_AT_external
	.byte	10                              # Abbrev [10] 0x7f:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	21                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
	.long	108                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0x88:0x9 DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	22                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
	.long	108                             # DW_AT_type
	.byte	11                              # Abbrev [11] 0x91:0x6 DW_TAG_call_site
	.long	152                             # DW_AT_call_origin
	.byte	2                               # DW_AT_call_return_pc
	.byte	0                               # End Of Children Mark
	.byte	12                              # Abbrev [12] 0x98:0x32 DW_TAG_subprogram
	.byte	3                               # DW_AT_low_pc
	.long	.Lfunc_end1-.Lfunc_begin1       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	15                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	108                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xa7:0x9 DW_TAG_formal_parameter
	.byte	2                               # DW_AT_location
	.byte	23                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.long	108                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0xb0:0x9 DW_TAG_variable
	.byte	4                               # DW_AT_location
	.byte	25                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
	.long	108                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0xb9:0x10 DW_TAG_lexical_block
	.byte	4                               # DW_AT_low_pc
	.long	.Ltmp33-.Ltmp20                 # DW_AT_high_pc
	.byte	13                              # Abbrev [13] 0xbf:0x9 DW_TAG_variable
	.byte	3                               # DW_AT_location
	.byte	24                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	8                               # DW_AT_decl_line
	.long	108                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0xca:0x34 DW_TAG_subprogram
	.byte	5                               # DW_AT_low_pc
	.long	.Lfunc_end2-.Lfunc_begin2       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	16                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	32                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	108                             # DW_AT_type
                                        # DW_AT_external
	.byte	10                              # Abbrev [10] 0xd9:0x9 DW_TAG_formal_parameter
	.byte	5                               # DW_AT_location
	.byte	26                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	32                              # DW_AT_decl_line
	.long	357                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0xe2:0x9 DW_TAG_variable
	.byte	6                               # DW_AT_location
	.byte	98                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	34                              # DW_AT_decl_line
	.long	108                             # DW_AT_type
	.byte	11                              # Abbrev [11] 0xeb:0x6 DW_TAG_call_site
	.long	152                             # DW_AT_call_origin
	.byte	6                               # DW_AT_call_return_pc
	.byte	11                              # Abbrev [11] 0xf1:0x6 DW_TAG_call_site
	.long	112                             # DW_AT_call_origin
	.byte	7                               # DW_AT_call_return_pc
	.byte	11                              # Abbrev [11] 0xf7:0x6 DW_TAG_call_site
	.long	254                             # DW_AT_call_origin
	.byte	8                               # DW_AT_call_return_pc
	.byte	0                               # End Of Children Mark
	.byte	12                              # Abbrev [12] 0xfe:0x3c DW_TAG_subprogram
	.byte	9                               # DW_AT_low_pc
	.long	.Lfunc_end3-.Lfunc_begin3       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	17                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	20                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	345                             # DW_AT_type
	.byte	15                              # Abbrev [15] 0x10d:0xa DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	81
	.byte	23                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	20                              # DW_AT_decl_line
	.long	743                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x117:0x9 DW_TAG_variable
	.byte	7                               # DW_AT_location
	.byte	21                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	22                              # DW_AT_decl_line
	.long	345                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x120:0x9 DW_TAG_variable
	.byte	9                               # DW_AT_location
	.byte	22                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	22                              # DW_AT_decl_line
	.long	345                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x129:0x10 DW_TAG_lexical_block
	.byte	10                              # DW_AT_low_pc
	.long	.Ltmp76-.Ltmp61                 # DW_AT_high_pc
	.byte	13                              # Abbrev [13] 0x12f:0x9 DW_TAG_variable
	.byte	8                               # DW_AT_location
	.byte	24                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
	.long	743                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x13a:0x1f DW_TAG_subprogram
	.byte	11                              # DW_AT_low_pc
	.long	.Lfunc_end4-.Lfunc_begin4       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	20                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	40                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	108                             # DW_AT_type
                                        # DW_AT_external
	.byte	10                              # Abbrev [10] 0x149:0x9 DW_TAG_formal_parameter
	.byte	10                              # DW_AT_location
	.byte	99                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	40                              # DW_AT_decl_line
	.long	1192                            # DW_AT_type
	.byte	11                              # Abbrev [11] 0x152:0x6 DW_TAG_call_site
	.long	152                             # DW_AT_call_origin
	.byte	12                              # DW_AT_call_return_pc
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x159:0x8 DW_TAG_typedef
	.long	353                             # DW_AT_type
	.byte	19                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	31                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x161:0x4 DW_TAG_base_type
	.byte	18                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	17                              # Abbrev [17] 0x165:0x5 DW_TAG_pointer_type
	.long	362                             # DW_AT_type
	.byte	18                              # Abbrev [18] 0x16a:0x17d DW_TAG_structure_type
	.byte	97                              # DW_AT_name
	.byte	192                             # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	5893                            # DW_AT_decl_line
	.byte	19                              # Abbrev [19] 0x170:0xa DW_TAG_member
	.byte	27                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5894                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x17a:0xa DW_TAG_member
	.byte	29                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5895                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x184:0xa DW_TAG_member
	.byte	30                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5896                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x18e:0xa DW_TAG_member
	.byte	31                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5897                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x198:0xa DW_TAG_member
	.byte	32                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5898                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1a2:0xa DW_TAG_member
	.byte	33                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5899                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1ac:0xa DW_TAG_member
	.byte	34                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5900                            # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1b6:0xa DW_TAG_member
	.byte	35                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5901                            # DW_AT_decl_line
	.byte	28                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1c0:0xa DW_TAG_member
	.byte	36                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5902                            # DW_AT_decl_line
	.byte	32                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1ca:0xa DW_TAG_member
	.byte	37                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5903                            # DW_AT_decl_line
	.byte	36                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1d4:0xa DW_TAG_member
	.byte	38                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5904                            # DW_AT_decl_line
	.byte	40                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1de:0xa DW_TAG_member
	.byte	39                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5905                            # DW_AT_decl_line
	.byte	44                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1e8:0xa DW_TAG_member
	.byte	40                              # DW_AT_name
	.long	751                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5906                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1f2:0xa DW_TAG_member
	.byte	41                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5907                            # DW_AT_decl_line
	.byte	68                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x1fc:0xa DW_TAG_member
	.byte	42                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5908                            # DW_AT_decl_line
	.byte	72                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x206:0xa DW_TAG_member
	.byte	43                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5909                            # DW_AT_decl_line
	.byte	76                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x210:0xa DW_TAG_member
	.byte	44                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5910                            # DW_AT_decl_line
	.byte	80                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x21a:0xa DW_TAG_member
	.byte	45                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5911                            # DW_AT_decl_line
	.byte	84                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x224:0xa DW_TAG_member
	.byte	46                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5914                            # DW_AT_decl_line
	.byte	88                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x22e:0xa DW_TAG_member
	.byte	47                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5915                            # DW_AT_decl_line
	.byte	92                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x238:0xa DW_TAG_member
	.byte	48                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5916                            # DW_AT_decl_line
	.byte	96                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x242:0xa DW_TAG_member
	.byte	49                              # DW_AT_name
	.long	763                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5917                            # DW_AT_decl_line
	.byte	100                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x24c:0xa DW_TAG_member
	.byte	50                              # DW_AT_name
	.long	763                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5918                            # DW_AT_decl_line
	.byte	116                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x256:0xa DW_TAG_member
	.byte	51                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5919                            # DW_AT_decl_line
	.byte	132                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x260:0xa DW_TAG_member
	.byte	52                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5920                            # DW_AT_decl_line
	.byte	136                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x26a:0xa DW_TAG_member
	.byte	53                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5923                            # DW_AT_decl_line
	.byte	140                             # DW_AT_data_member_location
	.byte	20                              # Abbrev [20] 0x274:0xa DW_TAG_member
	.long	638                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	144                             # DW_AT_data_member_location
	.byte	21                              # Abbrev [21] 0x27e:0x11 DW_TAG_union_type
	.byte	8                               # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	19                              # Abbrev [19] 0x284:0xa DW_TAG_member
	.byte	54                              # DW_AT_name
	.long	775                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	19                              # Abbrev [19] 0x28f:0xa DW_TAG_member
	.byte	78                              # DW_AT_name
	.long	345                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5925                            # DW_AT_decl_line
	.byte	152                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x299:0xa DW_TAG_member
	.byte	79                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5926                            # DW_AT_decl_line
	.byte	160                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x2a3:0xa DW_TAG_member
	.byte	80                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5927                            # DW_AT_decl_line
	.byte	164                             # DW_AT_data_member_location
	.byte	20                              # Abbrev [20] 0x2ad:0xa DW_TAG_member
	.long	695                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	168                             # DW_AT_data_member_location
	.byte	21                              # Abbrev [21] 0x2b7:0x11 DW_TAG_union_type
	.byte	8                               # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	19                              # Abbrev [19] 0x2bd:0xa DW_TAG_member
	.byte	81                              # DW_AT_name
	.long	1032                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	19                              # Abbrev [19] 0x2c8:0xa DW_TAG_member
	.byte	94                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5929                            # DW_AT_decl_line
	.byte	176                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x2d2:0xa DW_TAG_member
	.byte	95                              # DW_AT_name
	.long	1004                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5930                            # DW_AT_decl_line
	.byte	180                             # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x2dc:0xa DW_TAG_member
	.byte	96                              # DW_AT_name
	.long	345                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5932                            # DW_AT_decl_line
	.byte	184                             # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x2e7:0x8 DW_TAG_typedef
	.long	104                             # DW_AT_type
	.byte	28                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	3                               # Abbrev [3] 0x2ef:0xc DW_TAG_array_type
	.long	743                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x2f4:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	5                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	3                               # Abbrev [3] 0x2fb:0xc DW_TAG_array_type
	.long	743                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x300:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	17                              # Abbrev [17] 0x307:0x5 DW_TAG_pointer_type
	.long	780                             # DW_AT_type
	.byte	18                              # Abbrev [18] 0x30c:0xd4 DW_TAG_structure_type
	.byte	77                              # DW_AT_name
	.byte	56                              # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6837                            # DW_AT_decl_line
	.byte	19                              # Abbrev [19] 0x312:0xa DW_TAG_member
	.byte	55                              # DW_AT_name
	.long	992                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6838                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x31c:0xa DW_TAG_member
	.byte	58                              # DW_AT_name
	.long	992                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6839                            # DW_AT_decl_line
	.byte	2                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x326:0xa DW_TAG_member
	.byte	59                              # DW_AT_name
	.long	992                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6840                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x330:0xa DW_TAG_member
	.byte	60                              # DW_AT_name
	.long	1004                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6841                            # DW_AT_decl_line
	.byte	6                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x33a:0xa DW_TAG_member
	.byte	63                              # DW_AT_name
	.long	1004                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6842                            # DW_AT_decl_line
	.byte	7                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x344:0xa DW_TAG_member
	.byte	64                              # DW_AT_name
	.long	1004                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6843                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x34e:0xa DW_TAG_member
	.byte	65                              # DW_AT_name
	.long	1004                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6844                            # DW_AT_decl_line
	.byte	9                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x358:0xa DW_TAG_member
	.byte	66                              # DW_AT_name
	.long	1016                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6845                            # DW_AT_decl_line
	.byte	10                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x362:0xa DW_TAG_member
	.byte	68                              # DW_AT_name
	.long	1016                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6846                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x36c:0xa DW_TAG_member
	.byte	69                              # DW_AT_name
	.long	1016                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6847                            # DW_AT_decl_line
	.byte	14                              # DW_AT_data_member_location
	.byte	22                              # Abbrev [22] 0x376:0x9 DW_TAG_member
	.long	895                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6848                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	23                              # Abbrev [23] 0x37f:0x4c DW_TAG_union_type
	.byte	32                              # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6848                            # DW_AT_decl_line
	.byte	22                              # Abbrev [22] 0x384:0x9 DW_TAG_member
	.long	909                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6849                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x38d:0x1a DW_TAG_structure_type
	.byte	8                               # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6849                            # DW_AT_decl_line
	.byte	19                              # Abbrev [19] 0x392:0xa DW_TAG_member
	.byte	70                              # DW_AT_name
	.long	1024                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6850                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x39c:0xa DW_TAG_member
	.byte	72                              # DW_AT_name
	.long	1024                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6851                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	22                              # Abbrev [22] 0x3a7:0x9 DW_TAG_member
	.long	944                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6853                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x3b0:0x1a DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6853                            # DW_AT_decl_line
	.byte	19                              # Abbrev [19] 0x3b5:0xa DW_TAG_member
	.byte	73                              # DW_AT_name
	.long	763                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6854                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x3bf:0xa DW_TAG_member
	.byte	74                              # DW_AT_name
	.long	763                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6855                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	19                              # Abbrev [19] 0x3cb:0xa DW_TAG_member
	.byte	75                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6858                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x3d5:0xa DW_TAG_member
	.byte	76                              # DW_AT_name
	.long	1024                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6859                            # DW_AT_decl_line
	.byte	52                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x3e0:0x8 DW_TAG_typedef
	.long	1000                            # DW_AT_type
	.byte	57                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	24                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x3e8:0x4 DW_TAG_base_type
	.byte	56                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	2                               # DW_AT_byte_size
	.byte	16                              # Abbrev [16] 0x3ec:0x8 DW_TAG_typedef
	.long	1012                            # DW_AT_type
	.byte	62                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	21                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x3f4:0x4 DW_TAG_base_type
	.byte	61                              # DW_AT_name
	.byte	8                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	16                              # Abbrev [16] 0x3f8:0x8 DW_TAG_typedef
	.long	992                             # DW_AT_type
	.byte	67                              # DW_AT_name
	.byte	3                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
	.byte	16                              # Abbrev [16] 0x400:0x8 DW_TAG_typedef
	.long	743                             # DW_AT_type
	.byte	71                              # DW_AT_name
	.byte	3                               # DW_AT_decl_file
	.byte	30                              # DW_AT_decl_line
	.byte	17                              # Abbrev [17] 0x408:0x5 DW_TAG_pointer_type
	.long	1037                            # DW_AT_type
	.byte	18                              # Abbrev [18] 0x40d:0x93 DW_TAG_structure_type
	.byte	93                              # DW_AT_name
	.byte	80                              # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	5997                            # DW_AT_decl_line
	.byte	19                              # Abbrev [19] 0x413:0xa DW_TAG_member
	.byte	82                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5998                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x41d:0xa DW_TAG_member
	.byte	46                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	5999                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x427:0xa DW_TAG_member
	.byte	83                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6000                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x431:0xa DW_TAG_member
	.byte	32                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6001                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x43b:0xa DW_TAG_member
	.byte	30                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6002                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x445:0xa DW_TAG_member
	.byte	36                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6003                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x44f:0xa DW_TAG_member
	.byte	84                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6005                            # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x459:0xa DW_TAG_member
	.byte	85                              # DW_AT_name
	.long	763                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6006                            # DW_AT_decl_line
	.byte	28                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x463:0xa DW_TAG_member
	.byte	86                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6007                            # DW_AT_decl_line
	.byte	44                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x46d:0xa DW_TAG_member
	.byte	87                              # DW_AT_name
	.long	1016                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6008                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x477:0xa DW_TAG_member
	.byte	88                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6010                            # DW_AT_decl_line
	.byte	52                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x481:0xa DW_TAG_member
	.byte	89                              # DW_AT_name
	.long	763                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6011                            # DW_AT_decl_line
	.byte	56                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x48b:0xa DW_TAG_member
	.byte	90                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6012                            # DW_AT_decl_line
	.byte	72                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x495:0xa DW_TAG_member
	.byte	91                              # DW_AT_name
	.long	1184                            # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6013                            # DW_AT_decl_line
	.byte	76                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x4a0:0x8 DW_TAG_typedef
	.long	108                             # DW_AT_type
	.byte	92                              # DW_AT_name
	.byte	2                               # DW_AT_decl_file
	.byte	26                              # DW_AT_decl_line
	.byte	17                              # Abbrev [17] 0x4a8:0x5 DW_TAG_pointer_type
	.long	1197                            # DW_AT_type
	.byte	18                              # Abbrev [18] 0x4ad:0x43 DW_TAG_structure_type
	.byte	102                             # DW_AT_name
	.byte	24                              # DW_AT_byte_size
	.byte	1                               # DW_AT_decl_file
	.short	6100                            # DW_AT_decl_line
	.byte	19                              # Abbrev [19] 0x4b3:0xa DW_TAG_member
	.byte	43                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6101                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x4bd:0xa DW_TAG_member
	.byte	44                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6102                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x4c7:0xa DW_TAG_member
	.byte	53                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6103                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x4d1:0xa DW_TAG_member
	.byte	37                              # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6105                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x4db:0xa DW_TAG_member
	.byte	100                             # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6106                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x4e5:0xa DW_TAG_member
	.byte	101                             # DW_AT_name
	.long	743                             # DW_AT_type
	.byte	1                               # DW_AT_decl_file
	.short	6108                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
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
	.byte	1                               # DW_RLE_base_addressx
	.byte	1                               #   base address index
	.byte	4                               # DW_RLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Lfunc_end1-.Lfunc_begin0      #   ending offset
	.byte	4                               # DW_RLE_offset_pair
	.uleb128 .Lfunc_begin3-.Lfunc_begin0    #   starting offset
	.uleb128 .Lfunc_end3-.Lfunc_begin0      #   ending offset
	.byte	3                               # DW_RLE_startx_length
	.byte	5                               #   start index
	.uleb128 .Lfunc_end2-.Lfunc_begin2      #   length
	.byte	3                               # DW_RLE_startx_length
	.byte	11                              #   start index
	.uleb128 .Lfunc_end4-.Lfunc_begin4      #   length
	.byte	0                               # DW_RLE_end_of_list
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	416                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"subprog.c"                     # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=50
.Linfo_string3:
	.asciz	"LICENSE"                       # string offset=52
.Linfo_string4:
	.asciz	"char"                          # string offset=60
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=65
.Linfo_string6:
	.asciz	"unsigned int"                  # string offset=85
.Linfo_string7:
	.asciz	"XDP_ABORTED"                   # string offset=98
.Linfo_string8:
	.asciz	"XDP_DROP"                      # string offset=110
.Linfo_string9:
	.asciz	"XDP_PASS"                      # string offset=119
.Linfo_string10:
	.asciz	"XDP_TX"                        # string offset=128
.Linfo_string11:
	.asciz	"XDP_REDIRECT"                  # string offset=135
.Linfo_string12:
	.asciz	"xdp_action"                    # string offset=148
.Linfo_string13:
	.asciz	"int"                           # string offset=159
.Linfo_string14:
	.asciz	"global_mix"                    # string offset=163
.Linfo_string15:
	.asciz	"sum_to"                        # string offset=174
.Linfo_string16:
	.asciz	"prog_main"                     # string offset=181
.Linfo_string17:
	.asciz	"fib"                           # string offset=191
.Linfo_string18:
	.asciz	"unsigned long long"            # string offset=195
.Linfo_string19:
	.asciz	"__u64"                         # string offset=214
.Linfo_string20:
	.asciz	"prog_second"                   # string offset=220
.Linfo_string21:
	.asciz	"a"                             # string offset=232
.Linfo_string22:
	.asciz	"b"                             # string offset=234
.Linfo_string23:
	.asciz	"n"                             # string offset=236
.Linfo_string24:
	.asciz	"i"                             # string offset=238
.Linfo_string25:
	.asciz	"s"                             # string offset=240
.Linfo_string26:
	.asciz	"skb"                           # string offset=242
.Linfo_string27:
	.asciz	"len"                           # string offset=246
.Linfo_string28:
	.asciz	"__u32"                         # string offset=250
.Linfo_string29:
	.asciz	"pkt_type"                      # string offset=256
.Linfo_string30:
	.asciz	"mark"                          # string offset=265
.Linfo_string31:
	.asciz	"queue_mapping"                 # string offset=270
.Linfo_string32:
	.asciz	"protocol"                      # string offset=284
.Linfo_string33:
	.asciz	"vlan_present"                  # string offset=293
.Linfo_string34:
	.asciz	"vlan_tci"                      # string offset=306
.Linfo_string35:
	.asciz	"vlan_proto"                    # string offset=315
.Linfo_string36:
	.asciz	"priority"                      # string offset=326
.Linfo_string37:
	.asciz	"ingress_ifindex"               # string offset=335
.Linfo_string38:
	.asciz	"ifindex"                       # string offset=351
.Linfo_string39:
	.asciz	"tc_index"                      # string offset=359
.Linfo_string40:
	.asciz	"cb"                            # string offset=368
.Linfo_string41:
	.asciz	"hash"                          # string offset=371
.Linfo_string42:
	.asciz	"tc_classid"                    # string offset=376
.Linfo_string43:
	.asciz	"data"                          # string offset=387
.Linfo_string44:
	.asciz	"data_end"                      # string offset=392
.Linfo_string45:
	.asciz	"napi_id"                       # string offset=401
.Linfo_string46:
	.asciz	"family"                        # string offset=409
.Linfo_string47:
	.asciz	"remote_ip4"                    # string offset=416
.Linfo_string48:
	.asciz	"local_ip4"                     # string offset=427
.Linfo_string49:
	.asciz	"remote_ip6"                    # string offset=437
.Linfo_string50:
	.asciz	"local_ip6"                     # string offset=448
.Linfo_string51:
	.asciz	"remote_port"                   # string offset=458
.Linfo_string52:
	.asciz	"local_port"                    # string offset=470
.Linfo_string53:
	.asciz	"data_meta"                     # string offset=481
.Linfo_string54:
	.asciz	"flow_keys"                     # string offset=491
.Linfo_string55:
	.asciz	"nhoff"                         # string offset=501
.Linfo_string56:
	.asciz	"unsigned short"                # string offset=507
.Linfo_string57:
	.asciz	"__u16"                         # string offset=522
.Linfo_string58:
	.asciz	"thoff"                         # string offset=528
.Linfo_string59:
	.asciz	"addr_proto"                    # string offset=534
.Linfo_string60:
	.asciz	"is_frag"                       # string offset=545
.Linfo_string61:
	.asciz	"unsigned char"                 # string offset=553
.Linfo_string62:
	.asciz	"__u8"                          # string offset=567
.Linfo_string63:
	.asciz	"is_first_frag"                 # string offset=572
.Linfo_string64:
	.asciz	"is_encap"                      # string offset=586
.Linfo_string65:
	.asciz	"ip_proto"                      # string offset=595
.Linfo_string66:
	.asciz	"n_proto"                       # string offset=604
.Linfo_string67:
	.asciz	"__be16"                        # string offset=612
.Linfo_string68:
	.asciz	"sport"                         # string offset=619
.Linfo_string69:
	.asciz	"dport"                         # string offset=625
.Linfo_string70:
	.asciz	"ipv4_src"                      # string offset=631
.Linfo_string71:
	.asciz	"__be32"                        # string offset=640
.Linfo_string72:
	.asciz	"ipv4_dst"                      # string offset=647
.Linfo_string73:
	.asciz	"ipv6_src"                      # string offset=656
.Linfo_string74:
	.asciz	"ipv6_dst"                      # string offset=665
.Linfo_string75:
	.asciz	"flags"                         # string offset=674
.Linfo_string76:
	.asciz	"flow_label"                    # string offset=680
.Linfo_string77:
	.asciz	"bpf_flow_keys"                 # string offset=691
.Linfo_string78:
	.asciz	"tstamp"                        # string offset=705
.Linfo_string79:
	.asciz	"wire_len"                      # string offset=712
.Linfo_string80:
	.asciz	"gso_segs"                      # string offset=721
.Linfo_string81:
	.asciz	"sk"                            # string offset=730
.Linfo_string82:
	.asciz	"bound_dev_if"                  # string offset=733
.Linfo_string83:
	.asciz	"type"                          # string offset=746
.Linfo_string84:
	.asciz	"src_ip4"                       # string offset=751
.Linfo_string85:
	.asciz	"src_ip6"                       # string offset=759
.Linfo_string86:
	.asciz	"src_port"                      # string offset=767
.Linfo_string87:
	.asciz	"dst_port"                      # string offset=776
.Linfo_string88:
	.asciz	"dst_ip4"                       # string offset=785
.Linfo_string89:
	.asciz	"dst_ip6"                       # string offset=793
.Linfo_string90:
	.asciz	"state"                         # string offset=801
.Linfo_string91:
	.asciz	"rx_queue_mapping"              # string offset=807
.Linfo_string92:
	.asciz	"__s32"                         # string offset=824
.Linfo_string93:
	.asciz	"bpf_sock"                      # string offset=830
.Linfo_string94:
	.asciz	"gso_size"                      # string offset=839
.Linfo_string95:
	.asciz	"tstamp_type"                   # string offset=848
.Linfo_string96:
	.asciz	"hwtstamp"                      # string offset=860
.Linfo_string97:
	.asciz	"__sk_buff"                     # string offset=869
.Linfo_string98:
	.asciz	"r"                             # string offset=879
.Linfo_string99:
	.asciz	"ctx"                           # string offset=881
.Linfo_string100:
	.asciz	"rx_queue_index"                # string offset=885
.Linfo_string101:
	.asciz	"egress_ifindex"                # string offset=900
.Linfo_string102:
	.asciz	"xdp_md"                        # string offset=915
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
	.long	.Linfo_string43
	.long	.Linfo_string44
	.long	.Linfo_string45
	.long	.Linfo_string46
	.long	.Linfo_string47
	.long	.Linfo_string48
	.long	.Linfo_string49
	.long	.Linfo_string50
	.long	.Linfo_string51
	.long	.Linfo_string52
	.long	.Linfo_string53
	.long	.Linfo_string54
	.long	.Linfo_string55
	.long	.Linfo_string56
	.long	.Linfo_string57
	.long	.Linfo_string58
	.long	.Linfo_string59
	.long	.Linfo_string60
	.long	.Linfo_string61
	.long	.Linfo_string62
	.long	.Linfo_string63
	.long	.Linfo_string64
	.long	.Linfo_string65
	.long	.Linfo_string66
	.long	.Linfo_string67
	.long	.Linfo_string68
	.long	.Linfo_string69
	.long	.Linfo_string70
	.long	.Linfo_string71
	.long	.Linfo_string72
	.long	.Linfo_string73
	.long	.Linfo_string74
	.long	.Linfo_string75
	.long	.Linfo_string76
	.long	.Linfo_string77
	.long	.Linfo_string78
	.long	.Linfo_string79
	.long	.Linfo_string80
	.long	.Linfo_string81
	.long	.Linfo_string82
	.long	.Linfo_string83
	.long	.Linfo_string84
	.long	.Linfo_string85
	.long	.Linfo_string86
	.long	.Linfo_string87
	.long	.Linfo_string88
	.long	.Linfo_string89
	.long	.Linfo_string90
	.long	.Linfo_string91
	.long	.Linfo_string92
	.long	.Linfo_string93
	.long	.Linfo_string94
	.long	.Linfo_string95
	.long	.Linfo_string96
	.long	.Linfo_string97
	.long	.Linfo_string98
	.long	.Linfo_string99
	.long	.Linfo_string100
	.long	.Linfo_string101
	.long	.Linfo_string102
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	LICENSE
	.quad	.Lfunc_begin0
	.quad	.Ltmp12
	.quad	.Lfunc_begin1
	.quad	.Ltmp20
	.quad	.Lfunc_begin2
	.quad	.Ltmp43
	.quad	.Ltmp48
	.quad	.Ltmp54
	.quad	.Lfunc_begin3
	.quad	.Ltmp61
	.quad	.Lfunc_begin4
	.quad	.Ltmp85
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	1036
	.long	1036
	.long	1090
	.long	1                               # BTF_KIND_INT(id = 1)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 2)
	.long	218103810                       # 0xd000002
	.long	1
	.long	5
	.long	1
	.long	7
	.long	1
	.long	9                               # BTF_KIND_FUNC(id = 3)
	.long	201326593                       # 0xc000001
	.long	2
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 4)
	.long	218103809                       # 0xd000001
	.long	1
	.long	146
	.long	1
	.long	148                             # BTF_KIND_FUNC(id = 5)
	.long	201326592                       # 0xc000000
	.long	4
	.long	0                               # BTF_KIND_PTR(id = 6)
	.long	33554432                        # 0x2000000
	.long	7
	.long	256                             # BTF_KIND_STRUCT(id = 7)
	.long	67108898                        # 0x4000022
	.long	192
	.long	266
	.long	8
	.long	0                               # 0x0
	.long	270
	.long	8
	.long	32                              # 0x20
	.long	279
	.long	8
	.long	64                              # 0x40
	.long	284
	.long	8
	.long	96                              # 0x60
	.long	298
	.long	8
	.long	128                             # 0x80
	.long	307
	.long	8
	.long	160                             # 0xa0
	.long	320
	.long	8
	.long	192                             # 0xc0
	.long	329
	.long	8
	.long	224                             # 0xe0
	.long	340
	.long	8
	.long	256                             # 0x100
	.long	349
	.long	8
	.long	288                             # 0x120
	.long	365
	.long	8
	.long	320                             # 0x140
	.long	373
	.long	8
	.long	352                             # 0x160
	.long	382
	.long	10
	.long	384                             # 0x180
	.long	385
	.long	8
	.long	544                             # 0x220
	.long	390
	.long	8
	.long	576                             # 0x240
	.long	401
	.long	8
	.long	608                             # 0x260
	.long	406
	.long	8
	.long	640                             # 0x280
	.long	415
	.long	8
	.long	672                             # 0x2a0
	.long	423
	.long	8
	.long	704                             # 0x2c0
	.long	430
	.long	8
	.long	736                             # 0x2e0
	.long	441
	.long	8
	.long	768                             # 0x300
	.long	451
	.long	12
	.long	800                             # 0x320
	.long	462
	.long	12
	.long	928                             # 0x3a0
	.long	472
	.long	8
	.long	1056                            # 0x420
	.long	484
	.long	8
	.long	1088                            # 0x440
	.long	495
	.long	8
	.long	1120                            # 0x460
	.long	0
	.long	13
	.long	1152                            # 0x480
	.long	505
	.long	15
	.long	1216                            # 0x4c0
	.long	512
	.long	8
	.long	1280                            # 0x500
	.long	521
	.long	8
	.long	1312                            # 0x520
	.long	0
	.long	17
	.long	1344                            # 0x540
	.long	530
	.long	8
	.long	1408                            # 0x580
	.long	539
	.long	19
	.long	1440                            # 0x5a0
	.long	551
	.long	15
	.long	1472                            # 0x5c0
	.long	560                             # BTF_KIND_TYPEDEF(id = 8)
	.long	134217728                       # 0x8000000
	.long	9
	.long	566                             # BTF_KIND_INT(id = 9)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_ARRAY(id = 10)
	.long	50331648                        # 0x3000000
	.long	0
	.long	8
	.long	11
	.long	5
	.long	579                             # BTF_KIND_INT(id = 11)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_ARRAY(id = 12)
	.long	50331648                        # 0x3000000
	.long	0
	.long	8
	.long	11
	.long	4
	.long	0                               # BTF_KIND_UNION(id = 13)
	.long	83886081                        # 0x5000001
	.long	8
	.long	599
	.long	14
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_PTR(id = 14)
	.long	33554432                        # 0x2000000
	.long	33
	.long	609                             # BTF_KIND_TYPEDEF(id = 15)
	.long	134217728                       # 0x8000000
	.long	16
	.long	615                             # BTF_KIND_INT(id = 16)
	.long	16777216                        # 0x1000000
	.long	8
	.long	64                              # 0x40
	.long	0                               # BTF_KIND_UNION(id = 17)
	.long	83886081                        # 0x5000001
	.long	8
	.long	634
	.long	18
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_PTR(id = 18)
	.long	33554432                        # 0x2000000
	.long	34
	.long	637                             # BTF_KIND_TYPEDEF(id = 19)
	.long	134217728                       # 0x8000000
	.long	20
	.long	642                             # BTF_KIND_INT(id = 20)
	.long	16777216                        # 0x1000000
	.long	1
	.long	8                               # 0x8
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 21)
	.long	218103809                       # 0xd000001
	.long	1
	.long	656
	.long	6
	.long	660                             # BTF_KIND_FUNC(id = 22)
	.long	201326593                       # 0xc000001
	.long	21
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 23)
	.long	218103809                       # 0xd000001
	.long	15
	.long	146
	.long	8
	.long	815                             # BTF_KIND_FUNC(id = 24)
	.long	201326592                       # 0xc000000
	.long	23
	.long	0                               # BTF_KIND_PTR(id = 25)
	.long	33554432                        # 0x2000000
	.long	26
	.long	925                             # BTF_KIND_STRUCT(id = 26)
	.long	67108870                        # 0x4000006
	.long	24
	.long	401
	.long	8
	.long	0                               # 0x0
	.long	406
	.long	8
	.long	32                              # 0x20
	.long	495
	.long	8
	.long	64                              # 0x40
	.long	349
	.long	8
	.long	96                              # 0x60
	.long	932
	.long	8
	.long	128                             # 0x80
	.long	947
	.long	8
	.long	160                             # 0xa0
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 27)
	.long	218103809                       # 0xd000001
	.long	1
	.long	962
	.long	25
	.long	966                             # BTF_KIND_FUNC(id = 28)
	.long	201326593                       # 0xc000001
	.long	27
	.long	1046                            # BTF_KIND_INT(id = 29)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 30)
	.long	50331648                        # 0x3000000
	.long	0
	.long	29
	.long	11
	.long	4
	.long	1051                            # BTF_KIND_VAR(id = 31)
	.long	234881024                       # 0xe000000
	.long	30
	.long	1
	.long	1059                            # BTF_KIND_DATASEC(id = 32)
	.long	251658241                       # 0xf000001
	.long	0
	.long	31
	.long	LICENSE
	.long	4
	.long	1067                            # BTF_KIND_FWD(id = 33)
	.long	117440512                       # 0x7000000
	.long	0
	.long	1081                            # BTF_KIND_FWD(id = 34)
	.long	117440512                       # 0x7000000
	.long	0
	.byte	0                               # string offset=0
	.ascii	"int"                           # string offset=1
	.byte	0
	.byte	97                              # string offset=5
	.byte	0
	.byte	98                              # string offset=7
	.byte	0
	.ascii	"global_mix"                    # string offset=9
	.byte	0
	.ascii	".text"                         # string offset=20
	.byte	0
	.ascii	"./subprog.c"                   # string offset=26
	.byte	0
	.ascii	"__attribute__((noinline)) int global_mix(int a, int b)" # string offset=38
	.byte	0
	.ascii	"\tif (a > b)"                  # string offset=93
	.byte	0
	.ascii	"\t\treturn a - b;"             # string offset=105
	.byte	0
	.ascii	"\treturn sum_to(b) ^ a;"       # string offset=121
	.byte	0
	.byte	125                             # string offset=144
	.byte	0
	.byte	110                             # string offset=146
	.byte	0
	.ascii	"sum_to"                        # string offset=148
	.byte	0
	.ascii	"static __attribute__((noinline)) int sum_to(int n)" # string offset=155
	.byte	0
	.ascii	"\tfor (int i = 0; i < n && i < 64; i++)" # string offset=206
	.byte	0
	.ascii	"\treturn s;"                   # string offset=245
	.byte	0
	.ascii	"__sk_buff"                     # string offset=256
	.byte	0
	.ascii	"len"                           # string offset=266
	.byte	0
	.ascii	"pkt_type"                      # string offset=270
	.byte	0
	.ascii	"mark"                          # string offset=279
	.byte	0
	.ascii	"queue_mapping"                 # string offset=284
	.byte	0
	.ascii	"protocol"                      # string offset=298
	.byte	0
	.ascii	"vlan_present"                  # string offset=307
	.byte	0
	.ascii	"vlan_tci"                      # string offset=320
	.byte	0
	.ascii	"vlan_proto"                    # string offset=329
	.byte	0
	.ascii	"priority"                      # string offset=340
	.byte	0
	.ascii	"ingress_ifindex"               # string offset=349
	.byte	0
	.ascii	"ifindex"                       # string offset=365
	.byte	0
	.ascii	"tc_index"                      # string offset=373
	.byte	0
	.ascii	"cb"                            # string offset=382
	.byte	0
	.ascii	"hash"                          # string offset=385
	.byte	0
	.ascii	"tc_classid"                    # string offset=390
	.byte	0
	.ascii	"data"                          # string offset=401
	.byte	0
	.ascii	"data_end"                      # string offset=406
	.byte	0
	.ascii	"napi_id"                       # string offset=415
	.byte	0
	.ascii	"family"                        # string offset=423
	.byte	0
	.ascii	"remote_ip4"                    # string offset=430
	.byte	0
	.ascii	"local_ip4"                     # string offset=441
	.byte	0
	.ascii	"remote_ip6"                    # string offset=451
	.byte	0
	.ascii	"local_ip6"                     # string offset=462
	.byte	0
	.ascii	"remote_port"                   # string offset=472
	.byte	0
	.ascii	"local_port"                    # string offset=484
	.byte	0
	.ascii	"data_meta"                     # string offset=495
	.byte	0
	.ascii	"tstamp"                        # string offset=505
	.byte	0
	.ascii	"wire_len"                      # string offset=512
	.byte	0
	.ascii	"gso_segs"                      # string offset=521
	.byte	0
	.ascii	"gso_size"                      # string offset=530
	.byte	0
	.ascii	"tstamp_type"                   # string offset=539
	.byte	0
	.ascii	"hwtstamp"                      # string offset=551
	.byte	0
	.ascii	"__u32"                         # string offset=560
	.byte	0
	.ascii	"unsigned int"                  # string offset=566
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=579
	.byte	0
	.ascii	"flow_keys"                     # string offset=599
	.byte	0
	.ascii	"__u64"                         # string offset=609
	.byte	0
	.ascii	"unsigned long long"            # string offset=615
	.byte	0
	.ascii	"sk"                            # string offset=634
	.byte	0
	.ascii	"__u8"                          # string offset=637
	.byte	0
	.ascii	"unsigned char"                 # string offset=642
	.byte	0
	.ascii	"skb"                           # string offset=656
	.byte	0
	.ascii	"prog_main"                     # string offset=660
	.byte	0
	.ascii	"socket"                        # string offset=670
	.byte	0
	.ascii	"int prog_main(struct __sk_buff *skb)" # string offset=677
	.byte	0
	.ascii	"\tint r = sum_to(skb->len & 31);" # string offset=714
	.byte	0
	.ascii	"\tr += global_mix(skb->protocol, r);" # string offset=746
	.byte	0
	.ascii	"\treturn r + (int)fib(skb->mark);" # string offset=782
	.byte	0
	.ascii	"fib"                           # string offset=815
	.byte	0
	.ascii	"static __attribute__((noinline)) __u64 fib(__u32 n)" # string offset=819
	.byte	0
	.ascii	"\tfor (__u32 i = 0; i < n && i < 90; i++) {" # string offset=871
	.byte	0
	.ascii	"\treturn a;"                   # string offset=914
	.byte	0
	.ascii	"xdp_md"                        # string offset=925
	.byte	0
	.ascii	"rx_queue_index"                # string offset=932
	.byte	0
	.ascii	"egress_ifindex"                # string offset=947
	.byte	0
	.ascii	"ctx"                           # string offset=962
	.byte	0
	.ascii	"prog_second"                   # string offset=966
	.byte	0
	.ascii	"xdp"                           # string offset=978
	.byte	0
	.ascii	"\treturn sum_to(ctx->rx_queue_index) > 10 ? XDP_DROP : XDP_PASS;" # string offset=982
	.byte	0
	.ascii	"char"                          # string offset=1046
	.byte	0
	.ascii	"LICENSE"                       # string offset=1051
	.byte	0
	.ascii	"license"                       # string offset=1059
	.byte	0
	.ascii	"bpf_flow_keys"                 # string offset=1067
	.byte	0
	.ascii	"bpf_sock"                      # string offset=1081
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	68
	.long	68
	.long	460
	.long	528
	.long	0
	.long	8                               # FuncInfo
	.long	20                              # FuncInfo section string offset=20
	.long	3
	.long	.Lfunc_begin0
	.long	3
	.long	.Lfunc_begin1
	.long	5
	.long	.Lfunc_begin3
	.long	24
	.long	670                             # FuncInfo section string offset=670
	.long	1
	.long	.Lfunc_begin2
	.long	22
	.long	978                             # FuncInfo section string offset=978
	.long	1
	.long	.Lfunc_begin4
	.long	28
	.long	16                              # LineInfo
	.long	20                              # LineInfo section string offset=20
	.long	13
	.long	.Lfunc_begin0
	.long	26
	.long	38
	.long	13312                           # Line 13 Col 0
	.long	.Ltmp2
	.long	26
	.long	93
	.long	15366                           # Line 15 Col 6
	.long	.Ltmp5
	.long	26
	.long	105
	.long	16396                           # Line 16 Col 12
	.long	.Ltmp8
	.long	26
	.long	105
	.long	16387                           # Line 16 Col 3
	.long	.Ltmp11
	.long	26
	.long	121
	.long	17417                           # Line 17 Col 9
	.long	.Ltmp14
	.long	26
	.long	121
	.long	17427                           # Line 17 Col 19
	.long	.Ltmp17
	.long	26
	.long	144
	.long	18433                           # Line 18 Col 1
	.long	.Lfunc_begin1
	.long	26
	.long	155
	.long	5120                            # Line 5 Col 0
	.long	.Ltmp22
	.long	26
	.long	206
	.long	8194                            # Line 8 Col 2
	.long	.Ltmp35
	.long	26
	.long	245
	.long	10242                           # Line 10 Col 2
	.long	.Lfunc_begin3
	.long	26
	.long	819
	.long	20480                           # Line 20 Col 0
	.long	.Ltmp63
	.long	26
	.long	871
	.long	23554                           # Line 23 Col 2
	.long	.Ltmp78
	.long	26
	.long	914
	.long	28674                           # Line 28 Col 2
	.long	670                             # LineInfo section string offset=670
	.long	11
	.long	.Lfunc_begin2
	.long	26
	.long	677
	.long	32768                           # Line 32 Col 0
	.long	.Ltmp40
	.long	26
	.long	714
	.long	34838                           # Line 34 Col 22
	.long	.Ltmp41
	.long	26
	.long	714
	.long	34842                           # Line 34 Col 26
	.long	.Ltmp42
	.long	26
	.long	714
	.long	34826                           # Line 34 Col 10
	.long	.Ltmp46
	.long	26
	.long	746
	.long	35863                           # Line 35 Col 23
	.long	.Ltmp47
	.long	26
	.long	746
	.long	35847                           # Line 35 Col 7
	.long	.Ltmp49
	.long	26
	.long	746
	.long	35844                           # Line 35 Col 4
	.long	.Ltmp52
	.long	26
	.long	782
	.long	36891                           # Line 36 Col 27
	.long	.Ltmp53
	.long	26
	.long	782
	.long	36882                           # Line 36 Col 18
	.long	.Ltmp55
	.long	26
	.long	782
	.long	36875                           # Line 36 Col 11
	.long	.Ltmp58
	.long	26
	.long	782
	.long	36866                           # Line 36 Col 2
	.long	978                             # LineInfo section string offset=978
	.long	3
	.long	.Ltmp81
	.long	26
	.long	982
	.long	43029                           # Line 42 Col 21
	.long	.Ltmp84
	.long	26
	.long	982
	.long	43017                           # Line 42 Col 9
	.long	.Ltmp86
	.long	26
	.long	982
	.long	43010                           # Line 42 Col 2
	.addrsig
	.addrsig_sym prog_main
	.addrsig_sym prog_second
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
