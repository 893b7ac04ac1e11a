/* maxpool_i8__ref.c: max pooling over 1-D/2-D/3-D windows of int8_t tensors, optional int64 indices (template in maxpool__ref.h). */
AOTC_MAXPOOL(aotc_maxpool_i8__ref, int8_t)
