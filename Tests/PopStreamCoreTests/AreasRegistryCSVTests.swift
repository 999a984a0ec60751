import Testing
@testable import PopStreamCore

@Suite struct AreasRegistryCSVTests {
    static let small = """
        code,name,level,parentCode
        VN,Việt Nam,national,
        01,Thành phố Hà Nội,province,VN
        001,Quận Ba Đình,district,01
        00001,Phường Phúc Xá,commune,001
        """

    func error(_ csv: String) -> AreaRegistryError? {
        do {
            _ = try AreaRegistry(csv: csv)
            return nil
        } catch {
            return error
        }
    }

    @Test func loadsAHierarchy() throws {
        let registry = try AreaRegistry(csv: Self.small)
        #expect(registry.areas.count == 4)
        #expect(registry.selfAndAncestors(of: "00001") == ["00001", "001", "01", "VN"])
        #expect(registry.area("VN")?.parentCode == nil)
        #expect(registry.levels == ["national", "province", "district", "commune"])
    }

    @Test func quotedNamesBOMCRLFAndBlankLines() throws {
        let csv = "\u{FEFF}code,name,level,parentCode\r\nVN,Việt Nam,national,\r\n"
            + "01,\"Hà Nội, thủ đô\",province,VN\r\n02,\"Tỉnh \"\"Mới\"\"\",province,VN\r\n"
            + "03,\"Hai\ndòng\",province,VN\r\n\r\n\r\n"
        let registry = try AreaRegistry(csv: csv)
        #expect(registry.areas.count == 4)
        #expect(registry.area("01")?.name == "Hà Nội, thủ đô")
        #expect(registry.area("02")?.name == "Tỉnh \"Mới\"")
        #expect(registry.area("03")?.name == "Hai\ndòng")
        #expect(registry.area("03")?.level == "province")
    }

    @Test func aBlankLineInTheMiddleIsSkipped() throws {
        #expect(try AreaRegistry(csv: "code,name,level,parentCode\nVN,VN,national,\n\n01,A,province,VN\n").areas.count == 2)
    }

    @Test func headerIsRequired() {
        #expect(error("VN,Việt Nam,national,\n") == AreaRegistryError(line: 1, message: "expected the header code,name,level,parentCode"))
        #expect(error("code,name,level\nVN,Việt Nam,national\n")?.line == 1)
        #expect(error("")?.line == 1)
        #expect(error("\n\n")?.line == 1)
        #expect(error("\ncode,name,level,parentCode\n\n") == AreaRegistryError(line: 2, message: "no areas after the header"))
    }

    @Test func wrongColumnCountNamesTheLine() {
        #expect(error(Self.small + "\n00002,Phường X,commune\n") == AreaRegistryError(line: 6, message: "expected 4 columns, got 3"))
        #expect(error(Self.small + "\n00002,Phường, X,commune,001\n") == AreaRegistryError(line: 6, message: "expected 4 columns, got 5"))
    }

    @Test func emptyCodeNameOrLevelNamesTheLine() {
        #expect(error(Self.small + "\n,Phường X,commune,001\n") == AreaRegistryError(line: 6, message: "empty code"))
        #expect(error(Self.small + "\n00002,,commune,001\n")?.line == 6)
        #expect(error(Self.small + "\n00002,,commune,001\n")?.message.hasPrefix("empty name") == true)
        #expect(error(Self.small + "\n00002,X,,001\n")?.message.hasPrefix("empty level") == true)
    }

    @Test func duplicateCodeNamesTheLine() {
        let failure = error(Self.small + "\n001,Quận khác,district,01\n")
        #expect(failure?.line == 6)
        #expect(failure?.message == "duplicate code 001 (first on line 4)")
    }

    @Test func unknownParentNamesTheLine() {
        #expect(error(Self.small + "\n00002,Phường X,commune,999\n")
                == AreaRegistryError(line: 6, message: "unknown parent 999 of area 00002"))
    }

    @Test func cycleNamesTheLine() {
        let csv = "code,name,level,parentCode\nVN,VN,national,\nA,A,province,B\nB,B,province,A\n"
        #expect(error(csv)?.line == 3)
        #expect(error(csv)?.message.hasPrefix("cycle") == true)
    }

    @Test func lineNumbersCountBlankAndMultiLineRows() {
        let csv = "code,name,level,parentCode\n\nVN,\"Việt\nNam\",national,\n01,A,province,XX\n"
        #expect(error(csv) == AreaRegistryError(line: 5, message: "unknown parent XX of area 01"))
    }

    @Test func quotingMistakesNameTheLine() {
        #expect(error(Self.small + "\n00002,\"Phường X,commune,001\n")
                == AreaRegistryError(line: 6, message: "quoted field not closed"))
        #expect(error(Self.small + "\n00002,Phường \"X\",commune,001\n")?.message == "quote inside an unquoted field")
        #expect(error(Self.small + "\n00002,\"Phường\" X,commune,001\n")?.line == 6)
    }

    @Test func errorDescriptionNamesTheLine() {
        #expect(AreaRegistryError(line: 7, message: "empty code").description == "area registry line 7: empty code")
    }
}
