/* maxpool_f64__ref.c: max pooling over 1-D/2-D/3-D windows of double tensors, optional int64 indices (template in maxpool__ref.h). */
AOTC_MAXPOOL(aotc_maxpool_f64__ref, double)
