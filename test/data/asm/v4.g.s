	.text
	.file	"v4.c"
	.file	0 "." "v4.c" md5 0xb16d39348658e4d5758893a4361ddad2
	.section	socket,"ax",@progbits
	.globl	v4_ops                          # -- Begin function v4_ops
	.p2align	3
	.type	v4_ops,@function
v4_ops:                                 # @v4_ops
.Lfunc_begin0:
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: v4_ops:skb <- $r1
	#DEBUG_VALUE: v4_ops:r <- [DW_OP_plus_uconst 48, DW_OP_stack_value] $r1
	.loc	0 13 19 prologue_end            # v4.c:13:19
.Ltmp0:
	r3 = *(s8 *)(r1 + 48)
.Ltmp1:
.Ltmp2:
	#DEBUG_VALUE: v4_ops:x <- $r3
	.loc	0 14 10                         # v4.c:14:10
.Ltmp3:
	r2 = *(s16 *)(r1 + 50)
	.loc	0 14 4 is_stmt 0                # v4.c:14:4
.Ltmp4:
	r2 += r3
.Ltmp5:
.Ltmp6:
	#DEBUG_VALUE: v4_ops:x <- $r2
	.loc	0 15 10 is_stmt 1               # v4.c:15:10
.Ltmp7:
	r3 = *(s32 *)(r1 + 52)
	.loc	0 15 4 is_stmt 0                # v4.c:15:4
.Ltmp8:
	r2 += r3
.Ltmp9:
.Ltmp10:
	#DEBUG_VALUE: v4_ops:x <- $r2
	.loc	0 18 27 is_stmt 1               # v4.c:18:27
.Ltmp11:
	w3 = *(u32 *)(r1 + 8)
	.loc	0 18 32 is_stmt 0               # v4.c:18:32
.Ltmp12:
	w3 |= 3
	.loc	0 18 14                         # v4.c:18:14
.Ltmp13:
	w0 = w2
	w0 s/= w3
	.loc	0 18 41                         # v4.c:18:41
.Ltmp14:
	w3 = w2
	w3 s%= 5
	.loc	0 18 37                         # v4.c:18:37
.Ltmp15:
	w0 += w3
.Ltmp16:
.Ltmp17:
	#DEBUG_VALUE: v4_ops:y <- $r2
	#DEBUG_VALUE: v4_ops:s32 <- $w0
	.loc	0 17 38 is_stmt 1               # v4.c:17:38
.Ltmp18:
	w3 = *(u32 *)(r1 + 0)
	.loc	0 17 42 is_stmt 0               # v4.c:17:42
.Ltmp19:
	w3 |= 1
	.loc	0 17 19                         # v4.c:17:19
.Ltmp20:
	r1 = r2
.Ltmp21:
.Ltmp22:
	r1 s/= r3
	.loc	0 17 51                         # v4.c:17:51
.Ltmp23:
	r3 = r2
	r3 s%= 7
	.loc	0 17 47                         # v4.c:17:47
.Ltmp24:
	r1 -= r3
.Ltmp25:
.Ltmp26:
	#DEBUG_VALUE: v4_ops:sd <- $r1
	.loc	0 21 11 is_stmt 1               # v4.c:21:11
.Ltmp27:
	r3 = r2
	r3 = bswap16 r3
	.loc	0 19 9                          # v4.c:19:9
.Ltmp28:
	r4 = out ll
	.loc	0 21 9                          # v4.c:21:9
.Ltmp29:
	*(u64 *)(r4 + 16) = r3
	.loc	0 20 11                         # v4.c:20:11
.Ltmp30:
	r3 = r2
	r3 = bswap32 r3
	.loc	0 20 9 is_stmt 0                # v4.c:20:9
.Ltmp31:
	*(u64 *)(r4 + 8) = r3
	.loc	0 19 11 is_stmt 1               # v4.c:19:11
.Ltmp32:
	r2 = bswap64 r2
.Ltmp33:
.Ltmp34:
	.loc	0 19 9 is_stmt 0                # v4.c:19:9
.Ltmp35:
	*(u64 *)(r4 + 0) = r2
	.loc	0 24 11 is_stmt 1               # v4.c:24:11
.Ltmp36:
	r2 = (s32)r1
	.loc	0 24 9 is_stmt 0                # v4.c:24:9
.Ltmp37:
	*(u64 *)(r4 + 40) = r2
	.loc	0 22 11 is_stmt 1               # v4.c:22:11
.Ltmp38:
	r2 = (s8)r1
	.loc	0 22 9 is_stmt 0                # v4.c:22:9
.Ltmp39:
	*(u64 *)(r4 + 24) = r2
	.loc	0 26 11 is_stmt 1               # v4.c:26:11
.Ltmp40:
	r2 = (s32)r0
	.loc	0 26 9 is_stmt 0                # v4.c:26:9
.Ltmp41:
	*(u64 *)(r4 + 56) = r2
	.loc	0 23 11 is_stmt 1               # v4.c:23:11
.Ltmp42:
	r2 = (s16)r0
	.loc	0 23 9 is_stmt 0                # v4.c:23:9
.Ltmp43:
	*(u64 *)(r4 + 32) = r2
	.loc	0 25 9 is_stmt 1                # v4.c:25:9
.Ltmp44:
	*(u64 *)(r4 + 48) = r1
	.loc	0 27 9                          # v4.c:27:9
.Ltmp45:
	w0 += w1
.Ltmp46:
.Ltmp47:
                                        # kill: def $w0 killed $w0 killed $r0
	.loc	0 27 2 is_stmt 0                # v4.c:27:2
.Ltmp48:
	exit
.Ltmp49:
.Ltmp50:
.Lfunc_end0:
	.size	v4_ops, .Lfunc_end0-v4_ops
	.cfi_endproc
                                        # -- End function
	.type	out,@object                     # @out
	.section	.bss,"aw",@nobits
	.globl	out
	.p2align	3, 0x0
out:
	.zero	64
	.size	out, 64

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.file	1 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.file	2 "/usr/include/linux" "bpf.h" md5 0x8ab7bf195d20e2851bf1a9e5b71245ca
	.file	3 "/usr/include/linux" "types.h" md5 0xa82ae197a4533c0fa7d08f3ccc99ef94
	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	6                               # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
	.long	.Ldebug_loc3-.Lloclists_table_base0
	.long	.Ldebug_loc4-.Lloclists_table_base0
	.long	.Ldebug_loc5-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp21-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc1:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp21-.Lfunc_begin0          #   ending offset
	.byte	3                               # Loc expr size
	.byte	113                             # DW_OP_breg1
	.byte	48                              # 48
	.byte	159                             # DW_OP_stack_value
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc2:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp1-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp5-.Lfunc_begin0           #   ending offset
	.byte	1                               # Loc expr size
	.byte	83                              # DW_OP_reg3
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp5-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp33-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc3:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp16-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp33-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc4:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp16-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp46-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	80                              # DW_OP_reg0
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc5:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp25-.Lfunc_begin0          #   starting offset
	.uleb128 .Lfunc_end0-.Lfunc_begin0      #   ending offset
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
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	115                             # DW_AT_addr_base
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
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	8                               # Abbreviation Code
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
	.byte	9                               # Abbreviation Code
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
	.byte	10                              # Abbreviation Code
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
	.byte	11                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
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
	.byte	13                              # Abbreviation Code
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
	.byte	14                              # Abbreviation Code
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
	.byte	15                              # Abbreviation Code
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
	.byte	18                              # Abbreviation Code
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
	.byte	19                              # Abbreviation Code
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
	.byte	20                              # Abbreviation Code
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
	.byte	21                              # Abbreviation Code
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
	.byte	0                               # EOM(3)
	.section	.debug_info,"",@progbits
.Lcu_begin0:
	.long	.Ldebug_info_end0-.Ldebug_info_start0 # Length of Unit
.Ldebug_info_start0:
	.short	5                               # DWARF version number
	.byte	1                               # DWARF Unit Type
	.byte	8                               # Address Size (in bytes)
	.long	.debug_abbrev                   # Offset Into Abbrev. Section
	.byte	1                               # Abbrev [1] 0xc:0x42f DW_TAG_compile_unit
	.byte	0                               # DW_AT_producer
	.short	29                              # DW_AT_language
	.byte	1                               # DW_AT_name
	.long	.Lstr_offsets_base0             # DW_AT_str_offsets_base
	.long	.Lline_table_start0             # DW_AT_stmt_list
	.byte	2                               # DW_AT_comp_dir
	.byte	2                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.long	.Laddr_table_base0              # DW_AT_addr_base
	.long	.Lloclists_table_base0          # DW_AT_loclists_base
	.byte	2                               # Abbrev [2] 0x27:0xb DW_TAG_variable
	.byte	3                               # DW_AT_name
	.long	50                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	30                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	0
	.byte	3                               # Abbrev [3] 0x32:0xc DW_TAG_array_type
	.long	62                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x37:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x3e:0x4 DW_TAG_base_type
	.byte	4                               # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	6                               # Abbrev [6] 0x42:0x4 DW_TAG_base_type
	.byte	5                               # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # DW_AT_encoding
	.byte	2                               # Abbrev [2] 0x46:0xb DW_TAG_variable
	.byte	6                               # DW_AT_name
	.long	81                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	1
	.byte	3                               # Abbrev [3] 0x51:0xc DW_TAG_array_type
	.long	93                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x56:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	8                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x5d:0x4 DW_TAG_base_type
	.byte	7                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # Abbrev [7] 0x61:0x1 DW_TAG_pointer_type
	.byte	5                               # Abbrev [5] 0x62:0x4 DW_TAG_base_type
	.byte	8                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	5                               # Abbrev [5] 0x66:0x4 DW_TAG_base_type
	.byte	9                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	5                               # Abbrev [5] 0x6a:0x4 DW_TAG_base_type
	.byte	10                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	2                               # DW_AT_byte_size
	.byte	5                               # Abbrev [5] 0x6e:0x4 DW_TAG_base_type
	.byte	11                              # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	5                               # Abbrev [5] 0x72:0x4 DW_TAG_base_type
	.byte	12                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	2                               # DW_AT_byte_size
	.byte	8                               # Abbrev [8] 0x76:0x46 DW_TAG_subprogram
	.byte	2                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	13                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	10                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	102                             # DW_AT_type
                                        # DW_AT_external
	.byte	9                               # Abbrev [9] 0x85:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	14                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	10                              # DW_AT_decl_line
	.long	188                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0x8e:0x9 DW_TAG_variable
	.byte	1                               # DW_AT_location
	.byte	88                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	12                              # DW_AT_decl_line
	.long	1035                            # DW_AT_type
	.byte	10                              # Abbrev [10] 0x97:0x9 DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	94                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
	.long	93                              # DW_AT_type
	.byte	10                              # Abbrev [10] 0xa0:0x9 DW_TAG_variable
	.byte	3                               # DW_AT_location
	.byte	95                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	16                              # DW_AT_decl_line
	.long	102                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xa9:0x9 DW_TAG_variable
	.byte	4                               # DW_AT_location
	.byte	96                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	18                              # DW_AT_decl_line
	.long	102                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xb2:0x9 DW_TAG_variable
	.byte	5                               # DW_AT_location
	.byte	97                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	17                              # DW_AT_decl_line
	.long	93                              # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0xbc:0x5 DW_TAG_pointer_type
	.long	193                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0xc1:0x17d DW_TAG_structure_type
	.byte	87                              # DW_AT_name
	.byte	192                             # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	5893                            # DW_AT_decl_line
	.byte	13                              # Abbrev [13] 0xc7:0xa DW_TAG_member
	.byte	15                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5894                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xd1:0xa DW_TAG_member
	.byte	18                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5895                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xdb:0xa DW_TAG_member
	.byte	19                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5896                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xe5:0xa DW_TAG_member
	.byte	20                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5897                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xef:0xa DW_TAG_member
	.byte	21                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5898                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xf9:0xa DW_TAG_member
	.byte	22                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5899                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x103:0xa DW_TAG_member
	.byte	23                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5900                            # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x10d:0xa DW_TAG_member
	.byte	24                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5901                            # DW_AT_decl_line
	.byte	28                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x117:0xa DW_TAG_member
	.byte	25                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5902                            # DW_AT_decl_line
	.byte	32                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x121:0xa DW_TAG_member
	.byte	26                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5903                            # DW_AT_decl_line
	.byte	36                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x12b:0xa DW_TAG_member
	.byte	27                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5904                            # DW_AT_decl_line
	.byte	40                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x135:0xa DW_TAG_member
	.byte	28                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5905                            # DW_AT_decl_line
	.byte	44                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x13f:0xa DW_TAG_member
	.byte	29                              # DW_AT_name
	.long	586                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5906                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x149:0xa DW_TAG_member
	.byte	30                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5907                            # DW_AT_decl_line
	.byte	68                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x153:0xa DW_TAG_member
	.byte	31                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5908                            # DW_AT_decl_line
	.byte	72                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x15d:0xa DW_TAG_member
	.byte	32                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5909                            # DW_AT_decl_line
	.byte	76                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x167:0xa DW_TAG_member
	.byte	33                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5910                            # DW_AT_decl_line
	.byte	80                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x171:0xa DW_TAG_member
	.byte	34                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5911                            # DW_AT_decl_line
	.byte	84                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x17b:0xa DW_TAG_member
	.byte	35                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5914                            # DW_AT_decl_line
	.byte	88                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x185:0xa DW_TAG_member
	.byte	36                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5915                            # DW_AT_decl_line
	.byte	92                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x18f:0xa DW_TAG_member
	.byte	37                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5916                            # DW_AT_decl_line
	.byte	96                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x199:0xa DW_TAG_member
	.byte	38                              # DW_AT_name
	.long	598                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5917                            # DW_AT_decl_line
	.byte	100                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x1a3:0xa DW_TAG_member
	.byte	39                              # DW_AT_name
	.long	598                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5918                            # DW_AT_decl_line
	.byte	116                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x1ad:0xa DW_TAG_member
	.byte	40                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5919                            # DW_AT_decl_line
	.byte	132                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x1b7:0xa DW_TAG_member
	.byte	41                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5920                            # DW_AT_decl_line
	.byte	136                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x1c1:0xa DW_TAG_member
	.byte	42                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5923                            # DW_AT_decl_line
	.byte	140                             # DW_AT_data_member_location
	.byte	14                              # Abbrev [14] 0x1cb:0xa DW_TAG_member
	.long	469                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	144                             # DW_AT_data_member_location
	.byte	15                              # Abbrev [15] 0x1d5:0x11 DW_TAG_union_type
	.byte	8                               # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	13                              # Abbrev [13] 0x1db:0xa DW_TAG_member
	.byte	43                              # DW_AT_name
	.long	610                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	13                              # Abbrev [13] 0x1e6:0xa DW_TAG_member
	.byte	66                              # DW_AT_name
	.long	863                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5925                            # DW_AT_decl_line
	.byte	152                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x1f0:0xa DW_TAG_member
	.byte	69                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5926                            # DW_AT_decl_line
	.byte	160                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x1fa:0xa DW_TAG_member
	.byte	70                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5927                            # DW_AT_decl_line
	.byte	164                             # DW_AT_data_member_location
	.byte	14                              # Abbrev [14] 0x204:0xa DW_TAG_member
	.long	526                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	168                             # DW_AT_data_member_location
	.byte	15                              # Abbrev [15] 0x20e:0x11 DW_TAG_union_type
	.byte	8                               # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	13                              # Abbrev [13] 0x214:0xa DW_TAG_member
	.byte	71                              # DW_AT_name
	.long	875                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	13                              # Abbrev [13] 0x21f:0xa DW_TAG_member
	.byte	84                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5929                            # DW_AT_decl_line
	.byte	176                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x229:0xa DW_TAG_member
	.byte	85                              # DW_AT_name
	.long	835                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5930                            # DW_AT_decl_line
	.byte	180                             # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x233:0xa DW_TAG_member
	.byte	86                              # DW_AT_name
	.long	863                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5932                            # DW_AT_decl_line
	.byte	184                             # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x23e:0x8 DW_TAG_typedef
	.long	582                             # DW_AT_type
	.byte	17                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x246:0x4 DW_TAG_base_type
	.byte	16                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # Abbrev [3] 0x24a:0xc DW_TAG_array_type
	.long	574                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x24f:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	5                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	3                               # Abbrev [3] 0x256:0xc DW_TAG_array_type
	.long	574                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x25b:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0x262:0x5 DW_TAG_pointer_type
	.long	615                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0x267:0xd4 DW_TAG_structure_type
	.byte	65                              # DW_AT_name
	.byte	56                              # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	6837                            # DW_AT_decl_line
	.byte	13                              # Abbrev [13] 0x26d:0xa DW_TAG_member
	.byte	44                              # DW_AT_name
	.long	827                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6838                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x277:0xa DW_TAG_member
	.byte	46                              # DW_AT_name
	.long	827                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6839                            # DW_AT_decl_line
	.byte	2                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x281:0xa DW_TAG_member
	.byte	47                              # DW_AT_name
	.long	827                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6840                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x28b:0xa DW_TAG_member
	.byte	48                              # DW_AT_name
	.long	835                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6841                            # DW_AT_decl_line
	.byte	6                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x295:0xa DW_TAG_member
	.byte	51                              # DW_AT_name
	.long	835                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6842                            # DW_AT_decl_line
	.byte	7                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x29f:0xa DW_TAG_member
	.byte	52                              # DW_AT_name
	.long	835                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6843                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x2a9:0xa DW_TAG_member
	.byte	53                              # DW_AT_name
	.long	835                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6844                            # DW_AT_decl_line
	.byte	9                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x2b3:0xa DW_TAG_member
	.byte	54                              # DW_AT_name
	.long	847                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6845                            # DW_AT_decl_line
	.byte	10                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x2bd:0xa DW_TAG_member
	.byte	56                              # DW_AT_name
	.long	847                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6846                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x2c7:0xa DW_TAG_member
	.byte	57                              # DW_AT_name
	.long	847                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6847                            # DW_AT_decl_line
	.byte	14                              # DW_AT_data_member_location
	.byte	17                              # Abbrev [17] 0x2d1:0x9 DW_TAG_member
	.long	730                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6848                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	18                              # Abbrev [18] 0x2da:0x4c DW_TAG_union_type
	.byte	32                              # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	6848                            # DW_AT_decl_line
	.byte	17                              # Abbrev [17] 0x2df:0x9 DW_TAG_member
	.long	744                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6849                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x2e8:0x1a DW_TAG_structure_type
	.byte	8                               # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	6849                            # DW_AT_decl_line
	.byte	13                              # Abbrev [13] 0x2ed:0xa DW_TAG_member
	.byte	58                              # DW_AT_name
	.long	855                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6850                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x2f7:0xa DW_TAG_member
	.byte	60                              # DW_AT_name
	.long	855                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6851                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	17                              # Abbrev [17] 0x302:0x9 DW_TAG_member
	.long	779                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6853                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	19                              # Abbrev [19] 0x30b:0x1a DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	6853                            # DW_AT_decl_line
	.byte	13                              # Abbrev [13] 0x310:0xa DW_TAG_member
	.byte	61                              # DW_AT_name
	.long	598                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6854                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x31a:0xa DW_TAG_member
	.byte	62                              # DW_AT_name
	.long	598                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6855                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	13                              # Abbrev [13] 0x326:0xa DW_TAG_member
	.byte	63                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6858                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x330:0xa DW_TAG_member
	.byte	64                              # DW_AT_name
	.long	855                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6859                            # DW_AT_decl_line
	.byte	52                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x33b:0x8 DW_TAG_typedef
	.long	106                             # DW_AT_type
	.byte	45                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	24                              # DW_AT_decl_line
	.byte	16                              # Abbrev [16] 0x343:0x8 DW_TAG_typedef
	.long	843                             # DW_AT_type
	.byte	50                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	21                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x34b:0x4 DW_TAG_base_type
	.byte	49                              # DW_AT_name
	.byte	8                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	16                              # Abbrev [16] 0x34f:0x8 DW_TAG_typedef
	.long	827                             # DW_AT_type
	.byte	55                              # DW_AT_name
	.byte	3                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
	.byte	16                              # Abbrev [16] 0x357:0x8 DW_TAG_typedef
	.long	574                             # DW_AT_type
	.byte	59                              # DW_AT_name
	.byte	3                               # DW_AT_decl_file
	.byte	30                              # DW_AT_decl_line
	.byte	16                              # Abbrev [16] 0x35f:0x8 DW_TAG_typedef
	.long	871                             # DW_AT_type
	.byte	68                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	31                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x367:0x4 DW_TAG_base_type
	.byte	67                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	11                              # Abbrev [11] 0x36b:0x5 DW_TAG_pointer_type
	.long	880                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0x370:0x93 DW_TAG_structure_type
	.byte	83                              # DW_AT_name
	.byte	80                              # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	5997                            # DW_AT_decl_line
	.byte	13                              # Abbrev [13] 0x376:0xa DW_TAG_member
	.byte	72                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5998                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x380:0xa DW_TAG_member
	.byte	35                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	5999                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x38a:0xa DW_TAG_member
	.byte	73                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6000                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x394:0xa DW_TAG_member
	.byte	21                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6001                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x39e:0xa DW_TAG_member
	.byte	19                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6002                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3a8:0xa DW_TAG_member
	.byte	25                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6003                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3b2:0xa DW_TAG_member
	.byte	74                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6005                            # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3bc:0xa DW_TAG_member
	.byte	75                              # DW_AT_name
	.long	598                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6006                            # DW_AT_decl_line
	.byte	28                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3c6:0xa DW_TAG_member
	.byte	76                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6007                            # DW_AT_decl_line
	.byte	44                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3d0:0xa DW_TAG_member
	.byte	77                              # DW_AT_name
	.long	847                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6008                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3da:0xa DW_TAG_member
	.byte	78                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6010                            # DW_AT_decl_line
	.byte	52                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3e4:0xa DW_TAG_member
	.byte	79                              # DW_AT_name
	.long	598                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6011                            # DW_AT_decl_line
	.byte	56                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3ee:0xa DW_TAG_member
	.byte	80                              # DW_AT_name
	.long	574                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6012                            # DW_AT_decl_line
	.byte	72                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0x3f8:0xa DW_TAG_member
	.byte	81                              # DW_AT_name
	.long	1027                            # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6013                            # DW_AT_decl_line
	.byte	76                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x403:0x8 DW_TAG_typedef
	.long	102                             # DW_AT_type
	.byte	82                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	26                              # DW_AT_decl_line
	.byte	11                              # Abbrev [11] 0x40b:0x5 DW_TAG_pointer_type
	.long	1040                            # DW_AT_type
	.byte	20                              # Abbrev [20] 0x410:0x2a DW_TAG_structure_type
	.byte	93                              # DW_AT_name
	.byte	16                              # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	21                              # Abbrev [21] 0x415:0x9 DW_TAG_member
	.byte	89                              # DW_AT_name
	.long	110                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	21                              # Abbrev [21] 0x41e:0x9 DW_TAG_member
	.byte	90                              # DW_AT_name
	.long	114                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	2                               # DW_AT_data_member_location
	.byte	21                              # Abbrev [21] 0x427:0x9 DW_TAG_member
	.byte	91                              # DW_AT_name
	.long	102                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	21                              # Abbrev [21] 0x430:0x9 DW_TAG_member
	.byte	92                              # DW_AT_name
	.long	93                              # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_str_offsets,"",@progbits
	.long	396                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"v4.c"                          # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=45
.Linfo_string3:
	.asciz	"LICENSE"                       # string offset=47
.Linfo_string4:
	.asciz	"char"                          # string offset=55
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=60
.Linfo_string6:
	.asciz	"out"                           # string offset=80
.Linfo_string7:
	.asciz	"long long"                     # string offset=84
.Linfo_string8:
	.asciz	"long"                          # string offset=94
.Linfo_string9:
	.asciz	"int"                           # string offset=99
.Linfo_string10:
	.asciz	"unsigned short"                # string offset=103
.Linfo_string11:
	.asciz	"signed char"                   # string offset=118
.Linfo_string12:
	.asciz	"short"                         # string offset=130
.Linfo_string13:
	.asciz	"v4_ops"                        # string offset=136
.Linfo_string14:
	.asciz	"skb"                           # string offset=143
.Linfo_string15:
	.asciz	"len"                           # string offset=147
.Linfo_string16:
	.asciz	"unsigned int"                  # string offset=151
.Linfo_string17:
	.asciz	"__u32"                         # string offset=164
.Linfo_string18:
	.asciz	"pkt_type"                      # string offset=170
.Linfo_string19:
	.asciz	"mark"                          # string offset=179
.Linfo_string20:
	.asciz	"queue_mapping"                 # string offset=184
.Linfo_string21:
	.asciz	"protocol"                      # string offset=198
.Linfo_string22:
	.asciz	"vlan_present"                  # string offset=207
.Linfo_string23:
	.asciz	"vlan_tci"                      # string offset=220
.Linfo_string24:
	.asciz	"vlan_proto"                    # string offset=229
.Linfo_string25:
	.asciz	"priority"                      # string offset=240
.Linfo_string26:
	.asciz	"ingress_ifindex"               # string offset=249
.Linfo_string27:
	.asciz	"ifindex"                       # string offset=265
.Linfo_string28:
	.asciz	"tc_index"                      # string offset=273
.Linfo_string29:
	.asciz	"cb"                            # string offset=282
.Linfo_string30:
	.asciz	"hash"                          # string offset=285
.Linfo_string31:
	.asciz	"tc_classid"                    # string offset=290
.Linfo_string32:
	.asciz	"data"                          # string offset=301
.Linfo_string33:
	.asciz	"data_end"                      # string offset=306
.Linfo_string34:
	.asciz	"napi_id"                       # string offset=315
.Linfo_string35:
	.asciz	"family"                        # string offset=323
.Linfo_string36:
	.asciz	"remote_ip4"                    # string offset=330
.Linfo_string37:
	.asciz	"local_ip4"                     # string offset=341
.Linfo_string38:
	.asciz	"remote_ip6"                    # string offset=351
.Linfo_string39:
	.asciz	"local_ip6"                     # string offset=362
.Linfo_string40:
	.asciz	"remote_port"                   # string offset=372
.Linfo_string41:
	.asciz	"local_port"                    # string offset=384
.Linfo_string42:
	.asciz	"data_meta"                     # string offset=395
.Linfo_string43:
	.asciz	"flow_keys"                     # string offset=405
.Linfo_string44:
	.asciz	"nhoff"                         # string offset=415
.Linfo_string45:
	.asciz	"__u16"                         # string offset=421
.Linfo_string46:
	.asciz	"thoff"                         # string offset=427
.Linfo_string47:
	.asciz	"addr_proto"                    # string offset=433
.Linfo_string48:
	.asciz	"is_frag"                       # string offset=444
.Linfo_string49:
	.asciz	"unsigned char"                 # string offset=452
.Linfo_string50:
	.asciz	"__u8"                          # string offset=466
.Linfo_string51:
	.asciz	"is_first_frag"                 # string offset=471
.Linfo_string52:
	.asciz	"is_encap"                      # string offset=485
.Linfo_string53:
	.asciz	"ip_proto"                      # string offset=494
.Linfo_string54:
	.asciz	"n_proto"                       # string offset=503
.Linfo_string55:
	.asciz	"__be16"                        # string offset=511
.Linfo_string56:
	.asciz	"sport"                         # string offset=518
.Linfo_string57:
	.asciz	"dport"                         # string offset=524
.Linfo_string58:
	.asciz	"ipv4_src"                      # string offset=530
.Linfo_string59:
	.asciz	"__be32"                        # string offset=539
.Linfo_string60:
	.asciz	"ipv4_dst"                      # string offset=546
.Linfo_string61:
	.asciz	"ipv6_src"                      # string offset=555
.Linfo_string62:
	.asciz	"ipv6_dst"                      # string offset=564
.Linfo_string63:
	.asciz	"flags"                         # string offset=573
.Linfo_string64:
	.asciz	"flow_label"                    # string offset=579
.Linfo_string65:
	.asciz	"bpf_flow_keys"                 # string offset=590
.Linfo_string66:
	.asciz	"tstamp"                        # string offset=604
.Linfo_string67:
	.asciz	"unsigned long long"            # string offset=611
.Linfo_string68:
	.asciz	"__u64"                         # string offset=630
.Linfo_string69:
	.asciz	"wire_len"                      # string offset=636
.Linfo_string70:
	.asciz	"gso_segs"                      # string offset=645
.Linfo_string71:
	.asciz	"sk"                            # string offset=654
.Linfo_string72:
	.asciz	"bound_dev_if"                  # string offset=657
.Linfo_string73:
	.asciz	"type"                          # string offset=670
.Linfo_string74:
	.asciz	"src_ip4"                       # string offset=675
.Linfo_string75:
	.asciz	"src_ip6"                       # string offset=683
.Linfo_string76:
	.asciz	"src_port"                      # string offset=691
.Linfo_string77:
	.asciz	"dst_port"                      # string offset=700
.Linfo_string78:
	.asciz	"dst_ip4"                       # string offset=709
.Linfo_string79:
	.asciz	"dst_ip6"                       # string offset=717
.Linfo_string80:
	.asciz	"state"                         # string offset=725
.Linfo_string81:
	.asciz	"rx_queue_mapping"              # string offset=731
.Linfo_string82:
	.asciz	"__s32"                         # string offset=748
.Linfo_string83:
	.asciz	"bpf_sock"                      # string offset=754
.Linfo_string84:
	.asciz	"gso_size"                      # string offset=763
.Linfo_string85:
	.asciz	"tstamp_type"                   # string offset=772
.Linfo_string86:
	.asciz	"hwtstamp"                      # string offset=784
.Linfo_string87:
	.asciz	"__sk_buff"                     # string offset=793
.Linfo_string88:
	.asciz	"r"                             # string offset=803
.Linfo_string89:
	.asciz	"a"                             # string offset=805
.Linfo_string90:
	.asciz	"b"                             # string offset=807
.Linfo_string91:
	.asciz	"c"                             # string offset=809
.Linfo_string92:
	.asciz	"d"                             # string offset=811
.Linfo_string93:
	.asciz	"rec"                           # string offset=813
.Linfo_string94:
	.asciz	"x"                             # string offset=817
.Linfo_string95:
	.asciz	"y"                             # string offset=819
.Linfo_string96:
	.asciz	"s32"                           # string offset=821
.Linfo_string97:
	.asciz	"sd"                            # string offset=825
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
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	LICENSE
	.quad	out
	.quad	.Lfunc_begin0
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	884
	.long	884
	.long	873
	.long	0                               # BTF_KIND_PTR(id = 1)
	.long	33554432                        # 0x2000000
	.long	2
	.long	1                               # BTF_KIND_STRUCT(id = 2)
	.long	67108898                        # 0x4000022
	.long	192
	.long	11
	.long	3
	.long	0                               # 0x0
	.long	15
	.long	3
	.long	32                              # 0x20
	.long	24
	.long	3
	.long	64                              # 0x40
	.long	29
	.long	3
	.long	96                              # 0x60
	.long	43
	.long	3
	.long	128                             # 0x80
	.long	52
	.long	3
	.long	160                             # 0xa0
	.long	65
	.long	3
	.long	192                             # 0xc0
	.long	74
	.long	3
	.long	224                             # 0xe0
	.long	85
	.long	3
	.long	256                             # 0x100
	.long	94
	.long	3
	.long	288                             # 0x120
	.long	110
	.long	3
	.long	320                             # 0x140
	.long	118
	.long	3
	.long	352                             # 0x160
	.long	127
	.long	5
	.long	384                             # 0x180
	.long	130
	.long	3
	.long	544                             # 0x220
	.long	135
	.long	3
	.long	576                             # 0x240
	.long	146
	.long	3
	.long	608                             # 0x260
	.long	151
	.long	3
	.long	640                             # 0x280
	.long	160
	.long	3
	.long	672                             # 0x2a0
	.long	168
	.long	3
	.long	704                             # 0x2c0
	.long	175
	.long	3
	.long	736                             # 0x2e0
	.long	186
	.long	3
	.long	768                             # 0x300
	.long	196
	.long	7
	.long	800                             # 0x320
	.long	207
	.long	7
	.long	928                             # 0x3a0
	.long	217
	.long	3
	.long	1056                            # 0x420
	.long	229
	.long	3
	.long	1088                            # 0x440
	.long	240
	.long	3
	.long	1120                            # 0x460
	.long	0
	.long	8
	.long	1152                            # 0x480
	.long	250
	.long	10
	.long	1216                            # 0x4c0
	.long	257
	.long	3
	.long	1280                            # 0x500
	.long	266
	.long	3
	.long	1312                            # 0x520
	.long	0
	.long	12
	.long	1344                            # 0x540
	.long	275
	.long	3
	.long	1408                            # 0x580
	.long	284
	.long	14
	.long	1440                            # 0x5a0
	.long	296
	.long	10
	.long	1472                            # 0x5c0
	.long	305                             # BTF_KIND_TYPEDEF(id = 3)
	.long	134217728                       # 0x8000000
	.long	4
	.long	311                             # BTF_KIND_INT(id = 4)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_ARRAY(id = 5)
	.long	50331648                        # 0x3000000
	.long	0
	.long	3
	.long	6
	.long	5
	.long	324                             # BTF_KIND_INT(id = 6)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_ARRAY(id = 7)
	.long	50331648                        # 0x3000000
	.long	0
	.long	3
	.long	6
	.long	4
	.long	0                               # BTF_KIND_UNION(id = 8)
	.long	83886081                        # 0x5000001
	.long	8
	.long	344
	.long	9
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_PTR(id = 9)
	.long	33554432                        # 0x2000000
	.long	27
	.long	354                             # BTF_KIND_TYPEDEF(id = 10)
	.long	134217728                       # 0x8000000
	.long	11
	.long	360                             # BTF_KIND_INT(id = 11)
	.long	16777216                        # 0x1000000
	.long	8
	.long	64                              # 0x40
	.long	0                               # BTF_KIND_UNION(id = 12)
	.long	83886081                        # 0x5000001
	.long	8
	.long	379
	.long	13
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_PTR(id = 13)
	.long	33554432                        # 0x2000000
	.long	28
	.long	382                             # BTF_KIND_TYPEDEF(id = 14)
	.long	134217728                       # 0x8000000
	.long	15
	.long	387                             # BTF_KIND_INT(id = 15)
	.long	16777216                        # 0x1000000
	.long	1
	.long	8                               # 0x8
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 16)
	.long	218103809                       # 0xd000001
	.long	17
	.long	401
	.long	1
	.long	405                             # BTF_KIND_INT(id = 17)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	409                             # BTF_KIND_FUNC(id = 18)
	.long	201326593                       # 0xc000001
	.long	16
	.long	810                             # BTF_KIND_INT(id = 19)
	.long	16777216                        # 0x1000000
	.long	8
	.long	16777280                        # 0x1000040
	.long	0                               # BTF_KIND_ARRAY(id = 20)
	.long	50331648                        # 0x3000000
	.long	0
	.long	19
	.long	6
	.long	8
	.long	820                             # BTF_KIND_VAR(id = 21)
	.long	234881024                       # 0xe000000
	.long	20
	.long	1
	.long	824                             # BTF_KIND_INT(id = 22)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 23)
	.long	50331648                        # 0x3000000
	.long	0
	.long	22
	.long	6
	.long	4
	.long	829                             # BTF_KIND_VAR(id = 24)
	.long	234881024                       # 0xe000000
	.long	23
	.long	1
	.long	837                             # BTF_KIND_DATASEC(id = 25)
	.long	251658241                       # 0xf000001
	.long	0
	.long	21
	.long	out
	.long	64
	.long	842                             # BTF_KIND_DATASEC(id = 26)
	.long	251658241                       # 0xf000001
	.long	0
	.long	24
	.long	LICENSE
	.long	4
	.long	850                             # BTF_KIND_FWD(id = 27)
	.long	117440512                       # 0x7000000
	.long	0
	.long	864                             # BTF_KIND_FWD(id = 28)
	.long	117440512                       # 0x7000000
	.long	0
	.byte	0                               # string offset=0
	.ascii	"__sk_buff"                     # string offset=1
	.byte	0
	.ascii	"len"                           # string offset=11
	.byte	0
	.ascii	"pkt_type"                      # string offset=15
	.byte	0
	.ascii	"mark"                          # string offset=24
	.byte	0
	.ascii	"queue_mapping"                 # string offset=29
	.byte	0
	.ascii	"protocol"                      # string offset=43
	.byte	0
	.ascii	"vlan_present"                  # string offset=52
	.byte	0
	.ascii	"vlan_tci"                      # string offset=65
	.byte	0
	.ascii	"vlan_proto"                    # string offset=74
	.byte	0
	.ascii	"priority"                      # string offset=85
	.byte	0
	.ascii	"ingress_ifindex"               # string offset=94
	.byte	0
	.ascii	"ifindex"                       # string offset=110
	.byte	0
	.ascii	"tc_index"                      # string offset=118
	.byte	0
	.ascii	"cb"                            # string offset=127
	.byte	0
	.ascii	"hash"                          # string offset=130
	.byte	0
	.ascii	"tc_classid"                    # string offset=135
	.byte	0
	.ascii	"data"                          # string offset=146
	.byte	0
	.ascii	"data_end"                      # string offset=151
	.byte	0
	.ascii	"napi_id"                       # string offset=160
	.byte	0
	.ascii	"family"                        # string offset=168
	.byte	0
	.ascii	"remote_ip4"                    # string offset=175
	.byte	0
	.ascii	"local_ip4"                     # string offset=186
	.byte	0
	.ascii	"remote_ip6"                    # string offset=196
	.byte	0
	.ascii	"local_ip6"                     # string offset=207
	.byte	0
	.ascii	"remote_port"                   # string offset=217
	.byte	0
	.ascii	"local_port"                    # string offset=229
	.byte	0
	.ascii	"data_meta"                     # string offset=240
	.byte	0
	.ascii	"tstamp"                        # string offset=250
	.byte	0
	.ascii	"wire_len"                      # string offset=257
	.byte	0
	.ascii	"gso_segs"                      # string offset=266
	.byte	0
	.ascii	"gso_size"                      # string offset=275
	.byte	0
	.ascii	"tstamp_type"                   # string offset=284
	.byte	0
	.ascii	"hwtstamp"                      # string offset=296
	.byte	0
	.ascii	"__u32"                         # string offset=305
	.byte	0
	.ascii	"unsigned int"                  # string offset=311
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=324
	.byte	0
	.ascii	"flow_keys"                     # string offset=344
	.byte	0
	.ascii	"__u64"                         # string offset=354
	.byte	0
	.ascii	"unsigned long long"            # string offset=360
	.byte	0
	.ascii	"sk"                            # string offset=379
	.byte	0
	.ascii	"__u8"                          # string offset=382
	.byte	0
	.ascii	"unsigned char"                 # string offset=387
	.byte	0
	.ascii	"skb"                           # string offset=401
	.byte	0
	.ascii	"int"                           # string offset=405
	.byte	0
	.ascii	"v4_ops"                        # string offset=409
	.byte	0
	.ascii	"socket"                        # string offset=416
	.byte	0
	.ascii	"./v4.c"                        # string offset=423
	.byte	0
	.ascii	"\tlong long x = r->a;"         # string offset=430
	.byte	0
	.ascii	"\tx += r->b;"                  # string offset=451
	.byte	0
	.ascii	"\tx += r->c;"                  # string offset=463
	.byte	0
	.ascii	"\tint s32 = y / (int)(skb->mark | 3) + y % -5;" # string offset=475
	.byte	0
	.ascii	"\tlong long sd = x / (long long)(skb->len | 1) - x % 7;" # string offset=521
	.byte	0
	.ascii	"\tout[2] = __builtin_bswap16((unsigned short)y);" # string offset=576
	.byte	0
	.ascii	"\tout[0] = __builtin_bswap64(x);" # string offset=624
	.byte	0
	.ascii	"\tout[1] = __builtin_bswap32(y);" # string offset=656
	.byte	0
	.ascii	"\tout[5] = (int)sd;"           # string offset=688
	.byte	0
	.ascii	"\tout[3] = (signed char)sd;"   # string offset=707
	.byte	0
	.ascii	"\tout[7] = s32;"               # string offset=734
	.byte	0
	.ascii	"\tout[4] = (short)s32;"        # string offset=749
	.byte	0
	.ascii	"\tout[6] = sd;"                # string offset=771
	.byte	0
	.ascii	"\treturn (int)(sd + s32);"     # string offset=785
	.byte	0
	.ascii	"long long"                     # string offset=810
	.byte	0
	.ascii	"out"                           # string offset=820
	.byte	0
	.ascii	"char"                          # string offset=824
	.byte	0
	.ascii	"LICENSE"                       # string offset=829
	.byte	0
	.ascii	".bss"                          # string offset=837
	.byte	0
	.ascii	"license"                       # string offset=842
	.byte	0
	.ascii	"bpf_flow_keys"                 # string offset=850
	.byte	0
	.ascii	"bpf_sock"                      # string offset=864
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	20
	.long	20
	.long	540
	.long	560
	.long	0
	.long	8                               # FuncInfo
	.long	416                             # FuncInfo section string offset=416
	.long	1
	.long	.Lfunc_begin0
	.long	18
	.long	16                              # LineInfo
	.long	416                             # LineInfo section string offset=416
	.long	33
	.long	.Ltmp0
	.long	423
	.long	430
	.long	13331                           # Line 13 Col 19
	.long	.Ltmp3
	.long	423
	.long	451
	.long	14346                           # Line 14 Col 10
	.long	.Ltmp4
	.long	423
	.long	451
	.long	14340                           # Line 14 Col 4
	.long	.Ltmp7
	.long	423
	.long	463
	.long	15370                           # Line 15 Col 10
	.long	.Ltmp8
	.long	423
	.long	463
	.long	15364                           # Line 15 Col 4
	.long	.Ltmp11
	.long	423
	.long	475
	.long	18459                           # Line 18 Col 27
	.long	.Ltmp12
	.long	423
	.long	475
	.long	18464                           # Line 18 Col 32
	.long	.Ltmp13
	.long	423
	.long	475
	.long	18446                           # Line 18 Col 14
	.long	.Ltmp14
	.long	423
	.long	475
	.long	18473                           # Line 18 Col 41
	.long	.Ltmp15
	.long	423
	.long	475
	.long	18469                           # Line 18 Col 37
	.long	.Ltmp18
	.long	423
	.long	521
	.long	17446                           # Line 17 Col 38
	.long	.Ltmp19
	.long	423
	.long	521
	.long	17450                           # Line 17 Col 42
	.long	.Ltmp20
	.long	423
	.long	521
	.long	17427                           # Line 17 Col 19
	.long	.Ltmp23
	.long	423
	.long	521
	.long	17459                           # Line 17 Col 51
	.long	.Ltmp24
	.long	423
	.long	521
	.long	17455                           # Line 17 Col 47
	.long	.Ltmp27
	.long	423
	.long	576
	.long	21515                           # Line 21 Col 11
	.long	.Ltmp28
	.long	423
	.long	624
	.long	19465                           # Line 19 Col 9
	.long	.Ltmp29
	.long	423
	.long	576
	.long	21513                           # Line 21 Col 9
	.long	.Ltmp30
	.long	423
	.long	656
	.long	20491                           # Line 20 Col 11
	.long	.Ltmp31
	.long	423
	.long	656
	.long	20489                           # Line 20 Col 9
	.long	.Ltmp32
	.long	423
	.long	624
	.long	19467                           # Line 19 Col 11
	.long	.Ltmp35
	.long	423
	.long	624
	.long	19465                           # Line 19 Col 9
	.long	.Ltmp36
	.long	423
	.long	688
	.long	24587                           # Line 24 Col 11
	.long	.Ltmp37
	.long	423
	.long	688
	.long	24585                           # Line 24 Col 9
	.long	.Ltmp38
	.long	423
	.long	707
	.long	22539                           # Line 22 Col 11
	.long	.Ltmp39
	.long	423
	.long	707
	.long	22537                           # Line 22 Col 9
	.long	.Ltmp40
	.long	423
	.long	734
	.long	26635                           # Line 26 Col 11
	.long	.Ltmp41
	.long	423
	.long	734
	.long	26633                           # Line 26 Col 9
	.long	.Ltmp42
	.long	423
	.long	749
	.long	23563                           # Line 23 Col 11
	.long	.Ltmp43
	.long	423
	.long	749
	.long	23561                           # Line 23 Col 9
	.long	.Ltmp44
	.long	423
	.long	771
	.long	25609                           # Line 25 Col 9
	.long	.Ltmp45
	.long	423
	.long	785
	.long	27657                           # Line 27 Col 9
	.long	.Ltmp48
	.long	423
	.long	785
	.long	27650                           # Line 27 Col 2
	.addrsig
	.addrsig_sym v4_ops
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
