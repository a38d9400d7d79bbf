import Foundation
import MapillarySimulator
import Testing

@Suite("Simulator authentication")
struct SimulatorAuthTests {
    @Test("No token: HTTP 500, MLYApiException code 190")
    func missingToken() async throws {
        try await SimulatorHarness.with { h in
            let answer = try await h.graph("/image_ids?sequence_id=x", auth: SimulatorHarness.Auth.none)
            #expect(answer.status == 500)
            let error = try answer.error()
            #expect(error["code"] as? Int == 190)
            #expect(error["type"] as? String == "MLYApiException")
            #expect(error["message"] as? String == "Invalid OAuth 2.0 Access Token")
            #expect(h.simulator.statistics().rejectedTokens == 1)
        }
    }

    @Test("A wrong token in the header: HTTP 401, OAuthException code 190",
          arguments: ["OAuth MLY|1|0123456789abcdef0123456789abcdef", "OAuth MLY|bogus", "Bearer \(MapillarySimulator.defaultToken)"])
    func wrongToken(_ header: String) async throws {
        try await SimulatorHarness.with { h in
            let answer = try await h.graph("/image_ids?sequence_id=x", auth: .header(header))
            #expect(answer.status == 401)
            let error = try answer.error()
            #expect(error["code"] as? Int == 190)
            #expect(error["type"] as? String == "OAuthException")
            #expect(h.simulator.statistics().rejectedTokens == 1)
        }
    }

    @Test("`?access_token=` works but is counted; a wrong one answers HTTP 400 code 190")
    func queryToken() async throws {
        try await SimulatorHarness.with { h in
            let ok = try await h.graph("/image_ids?sequence_id=x", auth: .query(MapillarySimulator.defaultToken))
            #expect(ok.status == 200)
            #expect(h.simulator.statistics().queryTokenRequests == 1)
            let bad = try await h.graph("/image_ids?sequence_id=x", auth: .query("MLY|1|0123456789abcdef0123456789abcdef"))
            #expect(bad.status == 400)
            #expect(try bad.error()["code"] as? Int == 190)
        }
    }

    @Test("A custom token is the only one accepted")
    func customToken() async throws {
        let token = "MLY|77|ffffffffffffffffffffffffffffffff"
        try await SimulatorHarness.with(SimulatorConfiguration(token: token)) { h in
            let accepted = try await h.graph("/image_ids?sequence_id=x", auth: .header("OAuth \(token)"))
            let refused = try await h.graph("/image_ids?sequence_id=x", auth: .header("OAuth \(MapillarySimulator.defaultToken)"))
            #expect(accepted.status == 200)
            #expect(refused.status == 401)
        }
    }
}
