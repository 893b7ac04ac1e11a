/* startup_cm.c: Cortex-M start-up for aotc's QEMU firmware: vector table, Reset_Handler, FPU/MVE enable, faults. */
#include <stdint.h>

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
extern int main(void);
__attribute__((noreturn)) void sh_exit(int code);

void Reset_Handler(void);
void Fault_Handler(void);

/* System exceptions only (no interrupts are enabled). qemu loads SP and PC from here: the machine's boot address. */
__attribute__((section(".isr_vector"), used))
void (*const aotc_vector_table[16])(void) = {
    (void (*)(void))_estack, /* initial stack pointer */
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault (NOCP when the FPU is off, unaligned, divide by zero) */
    Fault_Handler, /* SecureFault (v8-M) */
    0, 0, 0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    Fault_Handler, /* SysTick */
};

/* Any fault: qemu exits with status 250. */
void Fault_Handler(void) {
    sh_exit(250);
    for (;;) {
    }
}

void Reset_Handler(void) {
    uint32_t *s, *d;
    for (s = _sidata, d = _sdata; d < _edata;) *d++ = *s++;
    for (d = _sbss; d < _ebss;) *d++ = 0;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    /* CPACR: full access to CP10/CP11 (FPU and MVE), else the first FP instruction takes a NOCP UsageFault. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    sh_exit(main());
    for (;;) {
    }
}
