	.text
	.file	"core.c"
	.file	0 "." "core.c" md5 0xbeaace6a5b303863cf3b4236f4d02b93
	.file	1 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.file	2 "/usr/include/bpf" "bpf_helper_defs.h" md5 0xba0039f6acc4710a5f4349e628ddfb60
	.file	3 "/usr/include/bpf" "bpf_core_read.h" md5 0x3441d4105e978a1f6a56f472c2d0c17e
	.section	"kprobe/x","ax",@progbits
	.globl	probe                           # -- Begin function probe
	.p2align	3
	.type	probe,@function
probe:                                  # @probe
.Lfunc_begin0:
	.loc	0 9 0                           # core.c:9:0
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: probe:t <- $r1
	r7 = r1
.Ltmp0:
.Ltmp1:
	#DEBUG_VALUE: probe:t <- $r7
.Ltmp2:
	r1 = 8
	r3 = r7
	r3 += r1
	r1 = r10
	r1 += -24
.Ltmp3:
	.loc	0 10 10 prologue_end            # core.c:10:10
.Ltmp4:
.Ltmp5:
	w2 = 8
	call 113
.Ltmp6:
	.loc	0 0 10 is_stmt 0                # core.c:0:10
.Ltmp7:
	r1 = 0
	.loc	0 10 10                         # core.c:10:10
	r3 = *(u64 *)(r10 - 24)
	r3 += r1
	r1 = r10
	r1 += -4
	w2 = 4
	call 113
.Ltmp8:
	.loc	0 0 10                          # core.c:0:10
.Ltmp9:
	r1 = 16
	r7 += r1
.Ltmp10:
.Ltmp11:
	.loc	0 10 10                         # core.c:10:10
.Ltmp12:
	w6 = *(u32 *)(r10 - 4)
.Ltmp13:
	r9 = 1 ll
.Ltmp14:
.Ltmp15:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 0 10                          # core.c:0:10
.Ltmp16:
	r8 = 1
	r1 = r10
	r1 += -24
.Ltmp17:
.Ltmp18:
	.loc	0 15 2 is_stmt 1                # core.c:15:2
.Ltmp19:
	w2 = 16
	r3 = r7
	call 115
.Ltmp20:
	.loc	0 0 2 is_stmt 0                 # core.c:0:2
	w1 = 1
.Ltmp21:
	.loc	0 11 6 is_stmt 1                # core.c:11:6
.Ltmp22:
.Ltmp23:
	if w8 != 0 goto LBB0_2
.Ltmp24:
.Ltmp25:
# %bb.1:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 0 6 is_stmt 0                 # core.c:0:6
	w1 = 0
.Ltmp26:
.Ltmp27:
LBB0_2:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 11 6                          # core.c:11:6
.Ltmp28:
	w6 += w1
.Ltmp29:
.Ltmp30:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 12 6 is_stmt 1                # core.c:12:6
.Ltmp31:
	if r9 == 0 goto LBB0_4
.Ltmp32:
.Ltmp33:
# %bb.3:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 0 6 is_stmt 0                 # core.c:0:6
	w6 += 2
.Ltmp34:
.Ltmp35:
LBB0_4:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 13 4 is_stmt 1                # core.c:13:4
.Ltmp36:
.Ltmp37:
	r1 = 32
	w6 += w1
.Ltmp38:
.Ltmp39:
	#DEBUG_VALUE: probe:p <- $w6
	.loc	0 16 13                         # core.c:16:13
.Ltmp40:
	w1 = *(u8 *)(r10 - 24)
	w1 <<= 24
	w1 s>>= 24
	.loc	0 16 11 is_stmt 0               # core.c:16:11
.Ltmp41:
	w6 += w1
.Ltmp42:
.Ltmp43:
	.loc	0 16 2                          # core.c:16:2
.Ltmp44:
	w0 = w6
	exit
.Ltmp45:
.Ltmp46:
.Lfunc_end0:
	.size	probe, .Lfunc_end0-probe
	.cfi_endproc
                                        # -- End function
	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	2                               # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp0-.Lfunc_begin0           #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp0-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp10-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	87                              # DW_OP_reg7
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc1:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp14-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp42-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
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
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	8                               # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	9                               # Abbreviation Code
	.byte	21                              # DW_TAG_subroutine_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	10                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	11                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
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
	.byte	13                              # Abbreviation Code
	.byte	38                              # DW_TAG_const_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	14                              # Abbreviation Code
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
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	15                              # Abbreviation Code
	.byte	40                              # DW_TAG_enumerator
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	16                              # Abbreviation Code
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
	.byte	17                              # Abbreviation Code
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
	.byte	18                              # Abbreviation Code
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
	.byte	19                              # Abbreviation Code
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
	.byte	20                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
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
	.byte	21                              # Abbreviation Code
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
	.byte	22                              # Abbreviation Code
	.byte	11                              # DW_TAG_lexical_block
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
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
	.byte	1                               # Abbrev [1] 0xc:0x15f DW_TAG_compile_unit
	.byte	0                               # DW_AT_producer
	.short	29                              # DW_AT_language
	.byte	1                               # DW_AT_name
	.long	.Lstr_offsets_base0             # DW_AT_str_offsets_base
	.long	.Lline_table_start0             # DW_AT_stmt_list
	.byte	2                               # DW_AT_comp_dir
	.byte	1                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.long	.Laddr_table_base0              # DW_AT_addr_base
	.long	.Lloclists_table_base0          # DW_AT_loclists_base
	.byte	2                               # Abbrev [2] 0x27:0xb DW_TAG_variable
	.byte	3                               # DW_AT_name
	.long	50                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	18                              # DW_AT_decl_line
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
	.byte	7                               # Abbrev [7] 0x46:0xa DW_TAG_variable
	.byte	6                               # DW_AT_name
	.long	80                              # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	2786                            # DW_AT_decl_line
	.byte	113                             # DW_AT_const_value
	.byte	8                               # Abbrev [8] 0x50:0x5 DW_TAG_pointer_type
	.long	85                              # DW_AT_type
	.byte	9                               # Abbrev [9] 0x55:0x15 DW_TAG_subroutine_type
	.long	106                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	10                              # Abbrev [10] 0x5a:0x5 DW_TAG_formal_parameter
	.long	110                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0x5f:0x5 DW_TAG_formal_parameter
	.long	111                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0x64:0x5 DW_TAG_formal_parameter
	.long	123                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x6a:0x4 DW_TAG_base_type
	.byte	7                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	11                              # Abbrev [11] 0x6e:0x1 DW_TAG_pointer_type
	.byte	12                              # Abbrev [12] 0x6f:0x8 DW_TAG_typedef
	.long	119                             # DW_AT_type
	.byte	9                               # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x77:0x4 DW_TAG_base_type
	.byte	8                               # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	8                               # Abbrev [8] 0x7b:0x5 DW_TAG_pointer_type
	.long	128                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x80:0x1 DW_TAG_const_type
	.byte	7                               # Abbrev [7] 0x81:0xa DW_TAG_variable
	.byte	10                              # DW_AT_name
	.long	80                              # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	2846                            # DW_AT_decl_line
	.byte	115                             # DW_AT_const_value
	.byte	14                              # Abbrev [14] 0x8b:0x1c DW_TAG_enumeration_type
	.long	119                             # DW_AT_type
	.byte	17                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
	.byte	15                              # Abbrev [15] 0x94:0x3 DW_TAG_enumerator
	.byte	11                              # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0x97:0x3 DW_TAG_enumerator
	.byte	12                              # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0x9a:0x3 DW_TAG_enumerator
	.byte	13                              # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0x9d:0x3 DW_TAG_enumerator
	.byte	14                              # DW_AT_name
	.byte	3                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0xa0:0x3 DW_TAG_enumerator
	.byte	15                              # DW_AT_name
	.byte	4                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0xa3:0x3 DW_TAG_enumerator
	.byte	16                              # DW_AT_name
	.byte	5                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	14                              # Abbrev [14] 0xa7:0x10 DW_TAG_enumeration_type
	.long	119                             # DW_AT_type
	.byte	20                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	6                               # DW_AT_decl_line
	.byte	15                              # Abbrev [15] 0xb0:0x3 DW_TAG_enumerator
	.byte	18                              # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0xb3:0x3 DW_TAG_enumerator
	.byte	19                              # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	14                              # Abbrev [14] 0xb7:0x10 DW_TAG_enumeration_type
	.long	119                             # DW_AT_type
	.byte	23                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.byte	36                              # DW_AT_decl_line
	.byte	15                              # Abbrev [15] 0xc0:0x3 DW_TAG_enumerator
	.byte	21                              # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0xc3:0x3 DW_TAG_enumerator
	.byte	22                              # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	14                              # Abbrev [14] 0xc7:0x13 DW_TAG_enumeration_type
	.long	119                             # DW_AT_type
	.byte	27                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.byte	29                              # DW_AT_decl_line
	.byte	15                              # Abbrev [15] 0xd0:0x3 DW_TAG_enumerator
	.byte	24                              # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0xd3:0x3 DW_TAG_enumerator
	.byte	25                              # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	15                              # Abbrev [15] 0xd6:0x3 DW_TAG_enumerator
	.byte	26                              # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	8                               # Abbrev [8] 0xda:0x5 DW_TAG_pointer_type
	.long	223                             # DW_AT_type
	.byte	16                              # Abbrev [16] 0xdf:0x2a DW_TAG_structure_type
	.byte	33                              # DW_AT_name
	.byte	32                              # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	17                              # Abbrev [17] 0xe4:0x9 DW_TAG_member
	.byte	28                              # DW_AT_name
	.long	265                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	17                              # Abbrev [17] 0xed:0x9 DW_TAG_member
	.byte	30                              # DW_AT_name
	.long	265                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	17                              # Abbrev [17] 0xf6:0x9 DW_TAG_member
	.byte	31                              # DW_AT_name
	.long	218                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	17                              # Abbrev [17] 0xff:0x9 DW_TAG_member
	.byte	32                              # DW_AT_name
	.long	269                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x109:0x4 DW_TAG_base_type
	.byte	29                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # Abbrev [3] 0x10d:0xc DW_TAG_array_type
	.long	62                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x112:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	16                              # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	18                              # Abbrev [18] 0x119:0x51 DW_TAG_subprogram
	.byte	1                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	34                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	8                               # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	265                             # DW_AT_type
                                        # DW_AT_external
	.byte	19                              # Abbrev [19] 0x128:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	38                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	8                               # DW_AT_decl_line
	.long	218                             # DW_AT_type
	.byte	20                              # Abbrev [20] 0x131:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	0
	.byte	37                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	14                              # DW_AT_decl_line
	.long	269                             # DW_AT_type
	.byte	21                              # Abbrev [21] 0x13c:0x9 DW_TAG_variable
	.byte	1                               # DW_AT_location
	.byte	39                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	10                              # DW_AT_decl_line
	.long	265                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x145:0x24 DW_TAG_lexical_block
	.byte	2                               # DW_AT_low_pc
	.long	.Ltmp17-.Ltmp3                  # DW_AT_high_pc
	.byte	20                              # Abbrev [20] 0x14b:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	20
	.byte	35                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	10                              # DW_AT_decl_line
	.long	265                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x156:0x12 DW_TAG_lexical_block
	.byte	2                               # DW_AT_low_pc
	.long	.Ltmp10-.Ltmp3                  # DW_AT_high_pc
	.byte	20                              # Abbrev [20] 0x15c:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	0
	.byte	36                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	10                              # DW_AT_decl_line
	.long	123                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_str_offsets,"",@progbits
	.long	164                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"core.c"                        # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=47
.Linfo_string3:
	.asciz	"LICENSE"                       # string offset=49
.Linfo_string4:
	.asciz	"char"                          # string offset=57
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=62
.Linfo_string6:
	.asciz	"bpf_probe_read_kernel"         # string offset=82
.Linfo_string7:
	.asciz	"long"                          # string offset=104
.Linfo_string8:
	.asciz	"unsigned int"                  # string offset=109
.Linfo_string9:
	.asciz	"__u32"                         # string offset=122
.Linfo_string10:
	.asciz	"bpf_probe_read_kernel_str"     # string offset=128
.Linfo_string11:
	.asciz	"BPF_FIELD_BYTE_OFFSET"         # string offset=154
.Linfo_string12:
	.asciz	"BPF_FIELD_BYTE_SIZE"           # string offset=176
.Linfo_string13:
	.asciz	"BPF_FIELD_EXISTS"              # string offset=196
.Linfo_string14:
	.asciz	"BPF_FIELD_SIGNED"              # string offset=213
.Linfo_string15:
	.asciz	"BPF_FIELD_LSHIFT_U64"          # string offset=230
.Linfo_string16:
	.asciz	"BPF_FIELD_RSHIFT_U64"          # string offset=251
.Linfo_string17:
	.asciz	"bpf_field_info_kind"           # string offset=272
.Linfo_string18:
	.asciz	"A"                             # string offset=292
.Linfo_string19:
	.asciz	"B"                             # string offset=294
.Linfo_string20:
	.asciz	"e"                             # string offset=296
.Linfo_string21:
	.asciz	"BPF_ENUMVAL_EXISTS"            # string offset=298
.Linfo_string22:
	.asciz	"BPF_ENUMVAL_VALUE"             # string offset=317
.Linfo_string23:
	.asciz	"bpf_enum_value_kind"           # string offset=335
.Linfo_string24:
	.asciz	"BPF_TYPE_EXISTS"               # string offset=355
.Linfo_string25:
	.asciz	"BPF_TYPE_SIZE"                 # string offset=371
.Linfo_string26:
	.asciz	"BPF_TYPE_MATCHES"              # string offset=385
.Linfo_string27:
	.asciz	"bpf_type_info_kind"            # string offset=402
.Linfo_string28:
	.asciz	"pid"                           # string offset=421
.Linfo_string29:
	.asciz	"int"                           # string offset=425
.Linfo_string30:
	.asciz	"tgid"                          # string offset=429
.Linfo_string31:
	.asciz	"parent"                        # string offset=434
.Linfo_string32:
	.asciz	"comm"                          # string offset=441
.Linfo_string33:
	.asciz	"task_struct"                   # string offset=446
.Linfo_string34:
	.asciz	"probe"                         # string offset=458
.Linfo_string35:
	.asciz	"__r"                           # string offset=464
.Linfo_string36:
	.asciz	"__t"                           # string offset=468
.Linfo_string37:
	.asciz	"buf"                           # string offset=472
.Linfo_string38:
	.asciz	"t"                             # string offset=476
.Linfo_string39:
	.asciz	"p"                             # string offset=478
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
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	LICENSE
	.quad	.Lfunc_begin0
	.quad	.Ltmp3
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	268
	.long	268
	.long	415
	.long	0                               # BTF_KIND_PTR(id = 1)
	.long	33554432                        # 0x2000000
	.long	2
	.long	1                               # BTF_KIND_STRUCT(id = 2)
	.long	67108868                        # 0x4000004
	.long	32
	.long	13
	.long	3
	.long	0                               # 0x0
	.long	17
	.long	3
	.long	32                              # 0x20
	.long	22
	.long	1
	.long	64                              # 0x40
	.long	29
	.long	5
	.long	128                             # 0x80
	.long	34                              # BTF_KIND_INT(id = 3)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	38                              # BTF_KIND_INT(id = 4)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 5)
	.long	50331648                        # 0x3000000
	.long	0
	.long	4
	.long	6
	.long	16
	.long	43                              # BTF_KIND_INT(id = 6)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 7)
	.long	218103809                       # 0xd000001
	.long	3
	.long	63
	.long	1
	.long	65                              # BTF_KIND_FUNC(id = 8)
	.long	201326593                       # 0xc000001
	.long	7
	.long	174                             # BTF_KIND_ENUM(id = 9)
	.long	100663298                       # 0x6000002
	.long	4
	.long	176
	.long	1
	.long	178
	.long	2
	.long	0                               # BTF_KIND_ARRAY(id = 10)
	.long	50331648                        # 0x3000000
	.long	0
	.long	4
	.long	6
	.long	4
	.long	399                             # BTF_KIND_VAR(id = 11)
	.long	234881024                       # 0xe000000
	.long	10
	.long	1
	.long	407                             # BTF_KIND_DATASEC(id = 12)
	.long	251658241                       # 0xf000001
	.long	0
	.long	11
	.long	LICENSE
	.long	4
	.byte	0                               # string offset=0
	.ascii	"task_struct"                   # string offset=1
	.byte	0
	.ascii	"pid"                           # string offset=13
	.byte	0
	.ascii	"tgid"                          # string offset=17
	.byte	0
	.ascii	"parent"                        # string offset=22
	.byte	0
	.ascii	"comm"                          # string offset=29
	.byte	0
	.ascii	"int"                           # string offset=34
	.byte	0
	.ascii	"char"                          # string offset=38
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=43
	.byte	0
	.byte	116                             # string offset=63
	.byte	0
	.ascii	"probe"                         # string offset=65
	.byte	0
	.ascii	"kprobe/x"                      # string offset=71
	.byte	0
	.ascii	"./core.c"                      # string offset=80
	.byte	0
	.ascii	"int probe(struct task_struct *t)" # string offset=89
	.byte	0
	.ascii	"0:2"                           # string offset=122
	.byte	0
	.ascii	"\tint p = BPF_CORE_READ(t, parent, pid);" # string offset=126
	.byte	0
	.ascii	"0:0"                           # string offset=166
	.byte	0
	.ascii	"0:3"                           # string offset=170
	.byte	0
	.byte	101                             # string offset=174
	.byte	0
	.byte	65                              # string offset=176
	.byte	0
	.byte	66                              # string offset=178
	.byte	0
	.byte	49                              # string offset=180
	.byte	0
	.ascii	"0:1"                           # string offset=182
	.byte	0
	.ascii	"\tbpf_core_read_str(buf, sizeof(buf), &t->comm);" # string offset=186
	.byte	0
	.ascii	"\tif (bpf_core_field_exists(t->tgid)) p += 1;" # string offset=234
	.byte	0
	.ascii	"\tif (bpf_core_enum_value_exists(enum e, B)) p += 2;" # string offset=279
	.byte	0
	.byte	48                              # string offset=331
	.byte	0
	.ascii	"\tp += bpf_core_type_size(struct task_struct);" # string offset=333
	.byte	0
	.ascii	"\treturn p + buf[0];"          # string offset=379
	.byte	0
	.ascii	"LICENSE"                       # string offset=399
	.byte	0
	.ascii	"license"                       # string offset=407
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	20
	.long	20
	.long	188
	.long	208
	.long	108
	.long	8                               # FuncInfo
	.long	71                              # FuncInfo section string offset=71
	.long	1
	.long	.Lfunc_begin0
	.long	8
	.long	16                              # LineInfo
	.long	71                              # LineInfo section string offset=71
	.long	11
	.long	.Lfunc_begin0
	.long	80
	.long	89
	.long	8192                            # Line 8 Col 0
	.long	.Ltmp5
	.long	80
	.long	126
	.long	10250                           # Line 10 Col 10
	.long	.Ltmp12
	.long	80
	.long	126
	.long	10250                           # Line 10 Col 10
	.long	.Ltmp19
	.long	80
	.long	186
	.long	15362                           # Line 15 Col 2
	.long	.Ltmp23
	.long	80
	.long	234
	.long	11270                           # Line 11 Col 6
	.long	.Ltmp28
	.long	80
	.long	234
	.long	11270                           # Line 11 Col 6
	.long	.Ltmp31
	.long	80
	.long	279
	.long	12294                           # Line 12 Col 6
	.long	.Ltmp37
	.long	80
	.long	333
	.long	13316                           # Line 13 Col 4
	.long	.Ltmp40
	.long	80
	.long	379
	.long	16397                           # Line 16 Col 13
	.long	.Ltmp41
	.long	80
	.long	379
	.long	16395                           # Line 16 Col 11
	.long	.Ltmp44
	.long	80
	.long	379
	.long	16386                           # Line 16 Col 2
	.long	16                              # FieldReloc
	.long	71                              # Field reloc section string offset=71
	.long	6
	.long	.Ltmp2
	.long	2
	.long	122
	.long	0
	.long	.Ltmp7
	.long	2
	.long	166
	.long	0
	.long	.Ltmp9
	.long	2
	.long	170
	.long	0
	.long	.Ltmp13
	.long	9
	.long	180
	.long	10
	.long	.Ltmp16
	.long	2
	.long	182
	.long	2
	.long	.Ltmp36
	.long	2
	.long	331
	.long	9
	.addrsig
	.addrsig_sym probe
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
