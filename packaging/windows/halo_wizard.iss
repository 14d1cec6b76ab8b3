; Inno Setup script for the Windows installer. Build the bundle first (see packaging/README.md),
; then: iscc /DAppVersion=0.1.0 packaging\windows\halo_wizard.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E3D1B52-4C1A-4F0E-9B6A-2D7C1E9A5F31}
AppName=halo_wizard
AppVersion={#AppVersion}
AppPublisher=halo_wizard
DefaultDirName={autopf}\halo_wizard
DefaultGroupName=halo_wizard
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=halo_wizard-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\halo_wizard.ico
UninstallDisplayIcon={app}\halo_wizard.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog

[Files]
Source: "..\..\dist\halo_wizard\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\halo_wizard"; Filename: "{app}\halo_wizard.exe"
Name: "{autodesktop}\halo_wizard"; Filename: "{app}\halo_wizard.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\halo_wizard.exe"; Description: "Start halo_wizard"; Flags: nowait postinstall skipifsilent
