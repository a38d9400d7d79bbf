#if canImport(Glibc)
import Glibc
#endif

/// Whether this test process runs under a sanitizer (`make test-sanitize`), found by the runtime's own
/// entry symbol. ASan and TSan replace malloc, so glibc-allocator facts (mallopt) do not hold there.
enum Sanitizer {
    /// AddressSanitizer or ThreadSanitizer is linked into this process.
    static let active: Bool = {
        #if canImport(Glibc)
        return dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil
        #else
        return false
        #endif
    }()
}
