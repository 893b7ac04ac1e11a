/* maxpool_u8__ref.c: max pooling over 1-D/2-D/3-D windows of uint8_t tensors, optional int64 indices (template in maxpool__ref.h). */
AOTC_MAXPOOL(aotc_maxpool_u8__ref, uint8_t)
