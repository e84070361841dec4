	.text
	.file	"globals.c"
	.file	0 "." "globals.c" md5 0x85699143f163da9478db95a76339edf0
	.file	1 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.file	2 "/usr/include/bpf" "bpf_helper_defs.h" md5 0xba0039f6acc4710a5f4349e628ddfb60
	.section	"tracepoint/syscalls/sys_enter_write","ax",@progbits
	.globl	on_write                        # -- Begin function on_write
	.p2align	3
	.type	on_write,@function
on_write:                               # @on_write
.Lfunc_begin0:
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	.loc	0 14 9 prologue_end             # globals.c:14:9
.Ltmp0:
	r6 = counter ll
	w1 = *(u32 *)(r6 + 0)
	w1 += 1
	*(u32 *)(r6 + 0) = w1
	.loc	0 15 11                         # globals.c:15:11
.Ltmp1:
	w1 = *(u32 *)(r6 + 0)
	r1 <<= 32
	r1 s>>= 32
	.loc	0 15 8 is_stmt 0                # globals.c:15:8
.Ltmp2:
	r2 = total ll
	r3 = *(u64 *)(r2 + 0)
	r3 += r1
	*(u64 *)(r2 + 0) = r3
.Ltmp3:
	.loc	0 16 6 is_stmt 1                # globals.c:16:6
.Ltmp4:
.Ltmp5:
	w1 = *(u32 *)(r6 + 0)
	.loc	0 16 16 is_stmt 0               # globals.c:16:16
.Ltmp6:
	r2 = limit ll
	w2 = *(u32 *)(r2 + 0)
.Ltmp7:
.Ltmp8:
	.loc	0 16 6                          # globals.c:16:6
.Ltmp9:
	if w1 s<= w2 goto LBB0_2
# %bb.1:
	.loc	0 0 6                           # globals.c:0:6
	w1 = 0
.Ltmp10:
	.loc	0 17 11 is_stmt 1               # globals.c:17:11
.Ltmp11:
.Ltmp12:
	*(u32 *)(r6 + 0) = w1
.Ltmp13:
.Ltmp14:
LBB0_2:
	.loc	0 18 47                         # globals.c:18:47
.Ltmp15:
	w3 = *(u32 *)(r6 + 0)
	.loc	0 18 2 is_stmt 0                # globals.c:18:2
.Ltmp16:
	r1 = greeting ll
	w2 = 10
	call 6
.Ltmp17:
	.loc	0 19 15 is_stmt 1               # globals.c:19:15
.Ltmp18:
	w1 = *(u32 *)(r6 + 0)
	.loc	0 19 23 is_stmt 0               # globals.c:19:23
.Ltmp19:
	w1 &= 1
	.loc	0 19 9                          # globals.c:19:9
.Ltmp20:
	r1 <<= 3
	r2 = names ll
	r2 += r1
	r1 = *(u64 *)(r2 + 0)
	w0 = *(u8 *)(r1 + 0)
	w0 <<= 24
	w0 s>>= 24
	.loc	0 19 2                          # globals.c:19:2
.Ltmp21:
	exit
.Ltmp22:
.Ltmp23:
.Lfunc_end0:
	.size	on_write, .Lfunc_end0-on_write
	.cfi_endproc
                                        # -- End function
	.type	counter,@object                 # @counter
	.data
	.globl	counter
	.p2align	2, 0x0
counter:
	.long	5                               # 0x5
	.size	counter, 4

	.type	limit,@object                   # @limit
	.section	.rodata,"a",@progbits
	.globl	limit
	.p2align	2, 0x0
limit:
	.long	100                             # 0x64
	.size	limit, 4

	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"alpha"
	.size	.L.str, 6

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"beta"
	.size	.L.str.1, 5

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"gamma"
	.size	.L.str.2, 6

	.type	names,@object                   # @names
	.data
	.globl	names
	.p2align	3, 0x0
names:
	.quad	.L.str
	.quad	.L.str.1
	.quad	.L.str.2
	.size	names, 24

	.type	total,@object                   # @total
	.section	.bss,"aw",@nobits
	.globl	total
	.p2align	3, 0x0
total:
	.quad	0                               # 0x0
	.size	total, 8

	.type	greeting,@object                # @greeting
	.section	.rodata,"a",@progbits
greeting:
	.asciz	"hello %d\n"
	.size	greeting, 10

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"Dual BSD/GPL"
	.size	LICENSE, 13

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
	.byte	53                              # DW_TAG_volatile_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	4                               # Abbreviation Code
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
	.byte	5                               # Abbreviation Code
	.byte	38                              # DW_TAG_const_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	6                               # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	7                               # Abbreviation Code
	.byte	1                               # DW_TAG_array_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	8                               # Abbreviation Code
	.byte	33                              # DW_TAG_subrange_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	55                              # DW_AT_count
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	9                               # Abbreviation Code
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
	.byte	10                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	11                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
	.byte	21                              # DW_TAG_subroutine_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	13                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	14                              # Abbreviation Code
	.byte	24                              # DW_TAG_unspecified_parameters
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	15                              # Abbreviation Code
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
	.byte	16                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
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
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	18                              # Abbreviation Code
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
	.byte	19                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
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
	.byte	1                               # Abbrev [1] 0xc:0x121 DW_TAG_compile_unit
	.byte	0                               # DW_AT_producer
	.short	29                              # DW_AT_language
	.byte	1                               # DW_AT_name
	.long	.Lstr_offsets_base0             # DW_AT_str_offsets_base
	.long	.Lline_table_start0             # DW_AT_stmt_list
	.byte	2                               # DW_AT_comp_dir
	.byte	9                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.long	.Laddr_table_base0              # DW_AT_addr_base
	.byte	2                               # Abbrev [2] 0x23:0xb DW_TAG_variable
	.byte	3                               # DW_AT_name
	.long	46                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	0
	.byte	3                               # Abbrev [3] 0x2e:0x5 DW_TAG_volatile_type
	.long	51                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x33:0x4 DW_TAG_base_type
	.byte	4                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	2                               # Abbrev [2] 0x37:0xb DW_TAG_variable
	.byte	5                               # DW_AT_name
	.long	66                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	6                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	1
	.byte	5                               # Abbrev [5] 0x42:0x5 DW_TAG_const_type
	.long	46                              # DW_AT_type
	.byte	6                               # Abbrev [6] 0x47:0xa DW_TAG_variable
	.long	81                              # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	2
	.byte	7                               # Abbrev [7] 0x51:0xc DW_TAG_array_type
	.long	93                              # DW_AT_type
	.byte	8                               # Abbrev [8] 0x56:0x6 DW_TAG_subrange_type
	.long	97                              # DW_AT_type
	.byte	6                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	4                               # Abbrev [4] 0x5d:0x4 DW_TAG_base_type
	.byte	6                               # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	9                               # Abbrev [9] 0x61:0x4 DW_TAG_base_type
	.byte	7                               # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # DW_AT_encoding
	.byte	6                               # Abbrev [6] 0x65:0xa DW_TAG_variable
	.long	111                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	3
	.byte	7                               # Abbrev [7] 0x6f:0xc DW_TAG_array_type
	.long	93                              # DW_AT_type
	.byte	8                               # Abbrev [8] 0x74:0x6 DW_TAG_subrange_type
	.long	97                              # DW_AT_type
	.byte	5                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	6                               # Abbrev [6] 0x7b:0xa DW_TAG_variable
	.long	81                              # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	4
	.byte	2                               # Abbrev [2] 0x85:0xb DW_TAG_variable
	.byte	8                               # DW_AT_name
	.long	144                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	5
	.byte	7                               # Abbrev [7] 0x90:0xc DW_TAG_array_type
	.long	156                             # DW_AT_type
	.byte	8                               # Abbrev [8] 0x95:0x6 DW_TAG_subrange_type
	.long	97                              # DW_AT_type
	.byte	3                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	10                              # Abbrev [10] 0x9c:0x5 DW_TAG_pointer_type
	.long	161                             # DW_AT_type
	.byte	5                               # Abbrev [5] 0xa1:0x5 DW_TAG_const_type
	.long	93                              # DW_AT_type
	.byte	2                               # Abbrev [2] 0xa6:0xb DW_TAG_variable
	.byte	9                               # DW_AT_name
	.long	177                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	22                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	6
	.byte	7                               # Abbrev [7] 0xb1:0xc DW_TAG_array_type
	.long	93                              # DW_AT_type
	.byte	8                               # Abbrev [8] 0xb6:0x6 DW_TAG_subrange_type
	.long	97                              # DW_AT_type
	.byte	13                              # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	2                               # Abbrev [2] 0xbd:0xb DW_TAG_variable
	.byte	10                              # DW_AT_name
	.long	200                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	7
	.byte	3                               # Abbrev [3] 0xc8:0x5 DW_TAG_volatile_type
	.long	205                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0xcd:0x4 DW_TAG_base_type
	.byte	11                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	11                              # Abbrev [11] 0xd1:0x9 DW_TAG_variable
	.byte	12                              # DW_AT_name
	.long	218                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.byte	177                             # DW_AT_decl_line
	.byte	6                               # DW_AT_const_value
	.byte	10                              # Abbrev [10] 0xda:0x5 DW_TAG_pointer_type
	.long	223                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0xdf:0x11 DW_TAG_subroutine_type
	.long	205                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	13                              # Abbrev [13] 0xe4:0x5 DW_TAG_formal_parameter
	.long	156                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0xe9:0x5 DW_TAG_formal_parameter
	.long	240                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0xee:0x1 DW_TAG_unspecified_parameters
	.byte	0                               # End Of Children Mark
	.byte	15                              # Abbrev [15] 0xf0:0x8 DW_TAG_typedef
	.long	248                             # DW_AT_type
	.byte	14                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	4                               # Abbrev [4] 0xf8:0x4 DW_TAG_base_type
	.byte	13                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	16                              # Abbrev [16] 0xfc:0xb DW_TAG_variable
	.byte	15                              # DW_AT_name
	.long	263                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	8                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	8
	.byte	7                               # Abbrev [7] 0x107:0xc DW_TAG_array_type
	.long	161                             # DW_AT_type
	.byte	8                               # Abbrev [8] 0x10c:0x6 DW_TAG_subrange_type
	.long	97                              # DW_AT_type
	.byte	10                              # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	17                              # Abbrev [17] 0x113:0x18 DW_TAG_subprogram
	.byte	9                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	16                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	12                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	51                              # DW_AT_type
                                        # DW_AT_external
	.byte	18                              # Abbrev [18] 0x122:0x8 DW_TAG_formal_parameter
	.byte	17                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	12                              # DW_AT_decl_line
	.long	299                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	19                              # Abbrev [19] 0x12b:0x1 DW_TAG_pointer_type
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_str_offsets,"",@progbits
	.long	76                              # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"globals.c"                     # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=50
.Linfo_string3:
	.asciz	"counter"                       # string offset=52
.Linfo_string4:
	.asciz	"int"                           # string offset=60
.Linfo_string5:
	.asciz	"limit"                         # string offset=64
.Linfo_string6:
	.asciz	"char"                          # string offset=70
.Linfo_string7:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=75
.Linfo_string8:
	.asciz	"names"                         # string offset=95
.Linfo_string9:
	.asciz	"LICENSE"                       # string offset=101
.Linfo_string10:
	.asciz	"total"                         # string offset=109
.Linfo_string11:
	.asciz	"long"                          # string offset=115
.Linfo_string12:
	.asciz	"bpf_trace_printk"              # string offset=120
.Linfo_string13:
	.asciz	"unsigned int"                  # string offset=137
.Linfo_string14:
	.asciz	"__u32"                         # string offset=150
.Linfo_string15:
	.asciz	"greeting"                      # string offset=156
.Linfo_string16:
	.asciz	"on_write"                      # string offset=165
.Linfo_string17:
	.asciz	"ctx"                           # string offset=174
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
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	counter
	.quad	limit
	.quad	.L.str
	.quad	.L.str.1
	.quad	.L.str.2
	.quad	names
	.quad	LICENSE
	.quad	total
	.quad	greeting
	.quad	.Lfunc_begin0
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	504
	.long	504
	.long	321
	.long	0                               # BTF_KIND_PTR(id = 1)
	.long	33554432                        # 0x2000000
	.long	0
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 2)
	.long	218103809                       # 0xd000001
	.long	3
	.long	1
	.long	1
	.long	5                               # BTF_KIND_INT(id = 3)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	9                               # BTF_KIND_FUNC(id = 4)
	.long	201326593                       # 0xc000001
	.long	2
	.long	0                               # BTF_KIND_VOLATILE(id = 5)
	.long	150994944                       # 0x9000000
	.long	3
	.long	221                             # BTF_KIND_VAR(id = 6)
	.long	234881024                       # 0xe000000
	.long	5
	.long	1
	.long	0                               # BTF_KIND_CONST(id = 7)
	.long	167772160                       # 0xa000000
	.long	5
	.long	229                             # BTF_KIND_VAR(id = 8)
	.long	234881024                       # 0xe000000
	.long	7
	.long	1
	.long	235                             # BTF_KIND_INT(id = 9)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 10)
	.long	50331648                        # 0x3000000
	.long	0
	.long	9
	.long	11
	.long	6
	.long	240                             # BTF_KIND_INT(id = 11)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_ARRAY(id = 12)
	.long	50331648                        # 0x3000000
	.long	0
	.long	9
	.long	11
	.long	5
	.long	0                               # BTF_KIND_PTR(id = 13)
	.long	33554432                        # 0x2000000
	.long	14
	.long	0                               # BTF_KIND_CONST(id = 14)
	.long	167772160                       # 0xa000000
	.long	9
	.long	0                               # BTF_KIND_ARRAY(id = 15)
	.long	50331648                        # 0x3000000
	.long	0
	.long	13
	.long	11
	.long	3
	.long	260                             # BTF_KIND_VAR(id = 16)
	.long	234881024                       # 0xe000000
	.long	15
	.long	1
	.long	0                               # BTF_KIND_VOLATILE(id = 17)
	.long	150994944                       # 0x9000000
	.long	18
	.long	266                             # BTF_KIND_INT(id = 18)
	.long	16777216                        # 0x1000000
	.long	8
	.long	16777280                        # 0x1000040
	.long	271                             # BTF_KIND_VAR(id = 19)
	.long	234881024                       # 0xe000000
	.long	17
	.long	1
	.long	0                               # BTF_KIND_ARRAY(id = 20)
	.long	50331648                        # 0x3000000
	.long	0
	.long	14
	.long	11
	.long	10
	.long	277                             # BTF_KIND_VAR(id = 21)
	.long	234881024                       # 0xe000000
	.long	20
	.long	0
	.long	0                               # BTF_KIND_ARRAY(id = 22)
	.long	50331648                        # 0x3000000
	.long	0
	.long	9
	.long	11
	.long	13
	.long	286                             # BTF_KIND_VAR(id = 23)
	.long	234881024                       # 0xe000000
	.long	22
	.long	1
	.long	294                             # BTF_KIND_DATASEC(id = 24)
	.long	251658241                       # 0xf000001
	.long	0
	.long	19
	.long	total
	.long	8
	.long	299                             # BTF_KIND_DATASEC(id = 25)
	.long	251658242                       # 0xf000002
	.long	0
	.long	6
	.long	counter
	.long	4
	.long	16
	.long	names
	.long	24
	.long	305                             # BTF_KIND_DATASEC(id = 26)
	.long	251658242                       # 0xf000002
	.long	0
	.long	8
	.long	limit
	.long	4
	.long	21
	.long	greeting
	.long	10
	.long	313                             # BTF_KIND_DATASEC(id = 27)
	.long	251658241                       # 0xf000001
	.long	0
	.long	23
	.long	LICENSE
	.long	13
	.byte	0                               # string offset=0
	.ascii	"ctx"                           # string offset=1
	.byte	0
	.ascii	"int"                           # string offset=5
	.byte	0
	.ascii	"on_write"                      # string offset=9
	.byte	0
	.ascii	"tracepoint/syscalls/sys_enter_write" # string offset=18
	.byte	0
	.ascii	"./globals.c"                   # string offset=54
	.byte	0
	.ascii	"\tcounter++;"                  # string offset=66
	.byte	0
	.ascii	"\ttotal += counter;"           # string offset=78
	.byte	0
	.ascii	"\tif (counter > limit)"        # string offset=97
	.byte	0
	.ascii	"\t\tcounter = 0;"              # string offset=119
	.byte	0
	.ascii	"\tbpf_trace_printk(greeting, sizeof(greeting), counter);" # string offset=134
	.byte	0
	.ascii	"\treturn names[counter & 1][0];" # string offset=190
	.byte	0
	.ascii	"counter"                       # string offset=221
	.byte	0
	.ascii	"limit"                         # string offset=229
	.byte	0
	.ascii	"char"                          # string offset=235
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=240
	.byte	0
	.ascii	"names"                         # string offset=260
	.byte	0
	.ascii	"long"                          # string offset=266
	.byte	0
	.ascii	"total"                         # string offset=271
	.byte	0
	.ascii	"greeting"                      # string offset=277
	.byte	0
	.ascii	"LICENSE"                       # string offset=286
	.byte	0
	.ascii	".bss"                          # string offset=294
	.byte	0
	.ascii	".data"                         # string offset=299
	.byte	0
	.ascii	".rodata"                       # string offset=305
	.byte	0
	.ascii	"license"                       # string offset=313
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	20
	.long	20
	.long	220
	.long	240
	.long	0
	.long	8                               # FuncInfo
	.long	18                              # FuncInfo section string offset=18
	.long	1
	.long	.Lfunc_begin0
	.long	4
	.long	16                              # LineInfo
	.long	18                              # LineInfo section string offset=18
	.long	13
	.long	.Ltmp0
	.long	54
	.long	66
	.long	14345                           # Line 14 Col 9
	.long	.Ltmp1
	.long	54
	.long	78
	.long	15371                           # Line 15 Col 11
	.long	.Ltmp2
	.long	54
	.long	78
	.long	15368                           # Line 15 Col 8
	.long	.Ltmp5
	.long	54
	.long	97
	.long	16390                           # Line 16 Col 6
	.long	.Ltmp6
	.long	54
	.long	97
	.long	16400                           # Line 16 Col 16
	.long	.Ltmp9
	.long	54
	.long	97
	.long	16390                           # Line 16 Col 6
	.long	.Ltmp12
	.long	54
	.long	119
	.long	17419                           # Line 17 Col 11
	.long	.Ltmp15
	.long	54
	.long	134
	.long	18479                           # Line 18 Col 47
	.long	.Ltmp16
	.long	54
	.long	134
	.long	18434                           # Line 18 Col 2
	.long	.Ltmp18
	.long	54
	.long	190
	.long	19471                           # Line 19 Col 15
	.long	.Ltmp19
	.long	54
	.long	190
	.long	19479                           # Line 19 Col 23
	.long	.Ltmp20
	.long	54
	.long	190
	.long	19465                           # Line 19 Col 9
	.long	.Ltmp21
	.long	54
	.long	190
	.long	19458                           # Line 19 Col 2
	.addrsig
	.addrsig_sym on_write
	.addrsig_sym counter
	.addrsig_sym limit
	.addrsig_sym total
	.addrsig_sym greeting
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
